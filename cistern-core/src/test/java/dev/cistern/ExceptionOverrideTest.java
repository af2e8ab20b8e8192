package dev.cistern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** {@code exceptionOverrideClassName}: an application's say over which errors break a connection. */
class ExceptionOverrideTest extends StubPoolTest {

    /** Keeps connections through "08S01" (a network error by the rules) and evicts on "42P99" (harmless by them). */
    public static final class KeepThroughNetworkBlips implements SQLExceptionOverride {
        @Override
        public Decision decide(SQLException e) {
            if ("08S01".equals(e.getSQLState())) {
                return Decision.KEEP;
            }
            return "42P99".equals(e.getSQLState()) ? Decision.EVICT : Decision.DEFAULT;
        }
    }

    private long physicalIdAfterFailing(String sqlState) throws SQLException {
        long before;
        try (Connection c = ds.getConnection()) {
            before = StubPools.physical(c).id();
            db.failNextStatements(1, sqlState);
            try (Statement s = c.createStatement()) {
                assertThatThrownBy(() -> s.execute("select 1")).isInstanceOf(SQLException.class);
            }
        }
        try (Connection c = ds.getConnection()) {
            return StubPools.physical(c).id() == before ? 0 : 1; // 0: kept, 1: replaced
        }
    }

    @Test
    void theOverrideDecidesBeforeTheRulesAndDefaultLeavesItToThem() throws Exception {
        Properties p = new Properties();
        p.setProperty("jdbcUrl", db.url());
        p.setProperty("maximumPoolSize", "1");
        p.setProperty("exceptionOverrideClassName", KeepThroughNetworkBlips.class.getName());
        ds = new CisternDataSource(PoolConfig.fromProperties(p));
        assertThat(physicalIdAfterFailing("08S01")).as("kept, though the rules call 08S01 fatal").isZero();
        assertThat(physicalIdAfterFailing("42P99")).as("evicted, though the rules call it harmless").isEqualTo(1);
        assertThat(physicalIdAfterFailing("08006")).as("left to the rules: fatal").isEqualTo(1);
        assertThat(physicalIdAfterFailing("42000")).as("left to the rules: harmless").isZero();
    }

    @Test
    void anOverrideThatThrowsLeavesItToTheRules() throws Exception {
        ds = new CisternDataSource(StubPools.config(db).maximumPoolSize(1).exceptionOverride(e -> {
            throw new IllegalStateException("buggy override");
        }).build());
        assertThat(physicalIdAfterFailing("08006")).isEqualTo(1);
        assertThat(physicalIdAfterFailing("42000")).isZero();
    }

    @Test
    void aClassThatIsNoOverrideIsRefusedByName() {
        Properties p = new Properties();
        p.setProperty("jdbcUrl", db.url());
        p.setProperty("exceptionOverrideClassName", "java.lang.String");
        assertThatThrownBy(() -> PoolConfig.fromProperties(p)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("exceptionOverrideClassName 'java.lang.String' does not implement "
                        + SQLExceptionOverride.class.getName());
    }
}
