package dev.cistern;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cistern.proxy.ConnectionLease;
import dev.cistern.proxy.ProxyConnection;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every method that reaches the driver passes the driver's SQLException through the connection's fatal
 * check, so a dead connection is discarded whichever method noticed it. The physical objects here are
 * reflective fakes that, once told to, fail every call with SQLState 08006; the lease counts the checks.
 */
class FatalErrorPassThroughTest {

    /** Methods that answer from the wrapper itself and never reach the driver. */
    private static final Set<String> NOT_DELEGATED = Set.of(
            "Connection.close", "Connection.abort", "Connection.isClosed",
            "Statement.getConnection", "ResultSet.getStatement", "DatabaseMetaData.getConnection",
            // driver constants declared without SQLException: nothing to check
            "DatabaseMetaData.getDriverMajorVersion", "DatabaseMetaData.getDriverMinorVersion");

    private static final Set<Class<?>> HANDED_OUT = Set.of(Statement.class, PreparedStatement.class,
            CallableStatement.class, ResultSet.class, DatabaseMetaData.class, ResultSetMetaData.class,
            ParameterMetaData.class);

    /** Fake driver objects: they hand out more fakes until {@code failing} is set, then fail every call. */
    private static final class FakeDriver {
        boolean failing;

        <T> T fake(Class<T> type) {
            return type.cast(Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type},
                    (proxy, method, args) -> {
                        if (method.getDeclaringClass() == Object.class) {
                            return method.getName().equals("equals") ? proxy == args[0]
                                    : method.getName().equals("hashCode") ? System.identityHashCode(proxy) : "fake " + type.getSimpleName();
                        }
                        if (failing) {
                            if (!Arrays.asList(method.getExceptionTypes()).contains(SQLException.class)) {
                                throw new SQLClientInfoException("fake: link lost", "08006", 0, null);
                            }
                            throw new SQLException("fake: link lost", "08006");
                        }
                        if (HANDED_OUT.contains(method.getReturnType())) {
                            return fake(method.getReturnType());
                        }
                        return JdbcCalls.defaultValue(method.getReturnType());
                    }));
        }
    }

    private static final class CountingLease implements ConnectionLease {
        final AtomicInteger checks = new AtomicInteger();

        @Override
        public boolean isFatal(SQLException e) {
            checks.incrementAndGet();
            return "08006".equals(e.getSQLState());
        }

        @Override
        public void giveBack(int dirtyBits, boolean rollbackNeeded, boolean broken) {
        }
    }

    /** Every delegated method passes the driver's fatal error through, and the lease is asked about it once. */
    private static void walk(Class<?> jdbcInterface, Function<Connection, Object> handOut, List<String> problems)
            throws Exception {
        JdbcCalls.walk(jdbcInterface, NOT_DELEGATED, m -> {
            FakeDriver driver = new FakeDriver();
            CountingLease lease = new CountingLease();
            ProxyConnection connection = new ProxyConnection(lease, driver.fake(Connection.class), true);
            Object target = handOut.apply(connection);
            driver.failing = true;
            Throwable thrown = JdbcCalls.call(target, m);
            boolean passedThrough = thrown instanceof SQLException && "08006".equals(((SQLException) thrown).getSQLState());
            return passedThrough && lease.checks.get() == 1 && connection.isBroken() ? null
                    : thrown + ", fatal checks " + lease.checks.get();
        }, problems);
    }

    private static Function<Connection, Object> unchecked(SqlFunction f) {
        return c -> {
            try {
                return f.apply(c);
            } catch (SQLException e) {
                throw new AssertionError(e);
            }
        };
    }

    private interface SqlFunction {
        Object apply(Connection c) throws SQLException;
    }

    @Test
    void everyDelegatedMethodPassesTheDriversErrorThroughTheFatalCheck() throws Exception {
        List<String> problems = new ArrayList<>();
        walk(Connection.class, c -> c, problems);
        walk(Statement.class, unchecked(Connection::createStatement), problems);
        walk(PreparedStatement.class, unchecked(c -> c.prepareStatement("x")), problems);
        walk(CallableStatement.class, unchecked(c -> c.prepareCall("x")), problems);
        walk(ResultSet.class, unchecked(c -> c.createStatement().executeQuery("x")), problems);
        walk(DatabaseMetaData.class, unchecked(Connection::getMetaData), problems);
        walk(ResultSet.class, unchecked(c -> c.getMetaData().getSchemas()), problems);
        walk(ResultSetMetaData.class, unchecked(c -> c.createStatement().executeQuery("x").getMetaData()), problems);
        walk(ParameterMetaData.class, unchecked(c -> c.prepareStatement("x").getParameterMetaData()), problems);
        assertThat(problems).isEmpty();
    }
}
