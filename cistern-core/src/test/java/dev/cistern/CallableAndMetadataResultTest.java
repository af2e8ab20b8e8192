package dev.cistern;

import static dev.cistern.StubPools.config;
import static dev.cistern.StubPools.physical;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cistern.testkit.stub.StubConnection;
import dev.cistern.testkit.stub.StubStatement;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Callable statements and metadata result sets through the pool: they are wrapped like the rest, lead
 * back to the proxies, are closed on return when forgotten, and route fatal errors to the pool.
 */
class CallableAndMetadataResultTest extends StubPoolTest {

    @Test
    void aCallableStatementRunsAndLeadsBackToTheProxy() throws SQLException {
        ds = new CisternDataSource(config(db).build());
        try (Connection c = ds.getConnection(); CallableStatement cs = c.prepareCall("{call p(?)}")) {
            cs.setInt(1, 7);
            assertThat(cs.execute()).isTrue();
            assertThat(cs.getConnection()).isSameAs(c);
            try (ResultSet rs = cs.executeQuery()) {
                assertThat(rs.getStatement()).isSameAs(cs);
                assertThat(rs.getStatement().getConnection()).isSameAs(c);
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
            assertThat(cs.unwrap(StubStatement.class)).isInstanceOf(StubStatement.class);
            assertThat(cs.isWrapperFor(CallableStatement.class)).isTrue();
        }
        assertThat(db.statementsExecuted()).isEqualTo(2);
    }

    @Test
    void aForgottenCallableStatementIsClosedOnReturn() throws SQLException {
        ds = new CisternDataSource(config(db).build());
        CallableStatement forgotten;
        StubConnection stub;
        try (Connection c = ds.getConnection()) {
            stub = physical(c);
            forgotten = c.prepareCall("{call p()}");
            forgotten.execute();
            assertThat(stub.openStatementCount()).isEqualTo(1);
        }
        assertThat(stub.openStatementCount()).isZero();
        assertThat(forgotten.isClosed()).isTrue();
    }

    @Test
    void metadataResultSetsAreWrappedAndUsable() throws SQLException {
        ds = new CisternDataSource(config(db).build());
        try (Connection c = ds.getConnection()) {
            DatabaseMetaData md = c.getMetaData();
            for (ResultSet rs : new ResultSet[] {md.getTables(null, null, "%", null), md.getSchemas(),
                    md.getCatalogs(), md.getTypeInfo()}) {
                try (rs) {
                    assertThat(rs.getClass().getPackageName()).isEqualTo("dev.cistern.proxy");
                    assertThat(rs.getStatement()).isNull();
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("1");
                    assertThat(rs.getMetaData().getColumnCount()).isEqualTo(1);
                    assertThat(rs.next()).isFalse();
                }
            }
        }
    }

    @Test
    void aFatalErrorFromAPlainDelegatedMethodMakesThePoolDiscardTheConnection() throws SQLException {
        ds = new CisternDataSource(config(db).maximumPoolSize(1).build());
        StubConnection first;
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            first = physical(c);
            db.breakAllOpenConnections();
            assertThatThrownBy(s::getFetchSize).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("08006"));
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(first.isClosed()).as("discarded, not lent again").isTrue());
        try (Connection c = ds.getConnection()) {
            assertThat(physical(c)).isNotSameAs(first);
        }
    }

    @Test
    void aFatalErrorFromMetadataOrAMetadataResultIsNoticedToo() throws SQLException {
        ds = new CisternDataSource(config(db).maximumPoolSize(1).build());
        StubConnection first;
        try (Connection c = ds.getConnection()) {
            first = physical(c);
            ResultSet tables = c.getMetaData().getTables(null, null, "%", null);
            db.breakAllOpenConnections();
            assertThatThrownBy(tables::next).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("08006"));
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(first.isClosed()).isTrue());
    }
}
