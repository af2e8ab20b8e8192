package dev.cistern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cistern.testkit.stub.StubDataSource;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.Hashtable;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.spi.InitialContextFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code dataSourceJNDI}: the pool takes its connections from a DataSource an application server bound. */
class DataSourceJndiTest extends StubPoolTest {
    /** What the test's naming service holds. */
    static final Map<String, Object> BOUND = new ConcurrentHashMap<>();

    /** A naming service that only looks names up in {@link #BOUND}, as an application server's would. */
    public static final class Names implements InitialContextFactory {
        @Override
        public Context getInitialContext(Hashtable<?, ?> environment) {
            return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
                    (proxy, method, args) -> {
                        switch (method.getName()) {
                            case "lookup": {
                                Object found = BOUND.get(String.valueOf(args[0]));
                                if (found == null) {
                                    throw new NameNotFoundException(args[0] + " is not bound");
                                }
                                return found;
                            }
                            case "close":
                                return null;
                            default:
                                throw new UnsupportedOperationException(method.getName());
                        }
                    });
        }
    }

    @BeforeEach
    void useTheTestNamingService() {
        System.setProperty(Context.INITIAL_CONTEXT_FACTORY, Names.class.getName());
    }

    @AfterEach
    void forgetIt() {
        System.clearProperty(Context.INITIAL_CONTEXT_FACTORY);
        BOUND.clear();
    }

    @Test
    void theBoundDataSourceGivesThePoolItsConnections() throws Exception {
        BOUND.put("jdbc/orders", new StubDataSource(db));
        Properties p = new Properties();
        p.setProperty("dataSourceJNDI", "jdbc/orders");
        p.setProperty("maximumPoolSize", "2");
        ds = new CisternDataSource(PoolConfig.fromProperties(p));
        try (Connection c = ds.getConnection()) {
            assertThat(c.isValid(1)).isTrue();
        }
        assertThat(ds.config().dataSource()).isSameAs(BOUND.get("jdbc/orders"));
        assertThat(db.openConnectionCount()).isPositive();
    }

    @Test
    void aMissingOrWrongNameIsReportedWithTheName() {
        BOUND.put("jdbc/text", "not a data source");
        assertThatThrownBy(() -> PoolConfig.builder().dataSourceJNDI("jdbc/none").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dataSourceJNDI 'jdbc/none' could not be looked up: NameNotFoundException: jdbc/none is not bound");
        assertThatThrownBy(() -> PoolConfig.builder().dataSourceJNDI("jdbc/text").build())
                .hasMessage("dataSourceJNDI 'jdbc/text' names a java.lang.String, not a javax.sql.DataSource");
        PoolConfig both = PoolConfig.builder().jdbcUrl(db.url()).dataSourceJNDI("jdbc/text").build();
        assertThat(both.jdbcUrl()).as("HikariCP's order: jdbcUrl before dataSourceJNDI").isEqualTo(db.url());
        assertThat(both.dataSource()).isNull();
    }

    @Test
    void aBeanLooksItUpWhenItsPoolStarts() throws Exception {
        ds = new CisternDataSource();
        ds.setDataSourceJNDI("jdbc/late");
        BOUND.put("jdbc/late", new StubDataSource(db)); // bound after the setter, before the first borrow
        ds.getConnection().close();
        assertThat(ds.config().dataSource()).isSameAs(BOUND.get("jdbc/late"));
    }
}
