package dev.cistern;

import static dev.cistern.StubPools.config;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The reflective walk: after its connection is closed, every public method of every object the pool
 * handed out is called with default arguments, and each must refuse with SQLState 08003. The documented
 * exceptions are listed in {@link #ALLOWED_AFTER_CLOSE}: {@code close()} is a no-op, {@code isClosed()}
 * answers true, and {@code Connection.isValid} answers false, as JDBC specifies; {@code Connection.abort}
 * on a closed connection is a no-op, as JDBC specifies. {@code unwrap} and {@code isWrapperFor} refuse
 * like everything else: unwrapping would lead back to the physical connection.
 */
class ClosedObjectWalkTest extends StubPoolTest {

    private static final Set<String> ALLOWED_AFTER_CLOSE = Set.of(
            "close", "isClosed", "isValid", "abort",
            // driver constants that JDBC declares without SQLException: they cannot refuse, and need no connection
            "getDriverMajorVersion", "getDriverMinorVersion");

    @Test
    void everyMethodOfEveryHandedOutObjectRefusesAfterClose() throws Exception {
        ds = new CisternDataSource(config(db).build());
        Map<Class<?>, Object> handedOut = new LinkedHashMap<>();
        Connection c = ds.getConnection();
        handedOut.put(Connection.class, c);
        handedOut.put(Statement.class, c.createStatement());
        PreparedStatement ps = c.prepareStatement("select 1");
        handedOut.put(PreparedStatement.class, ps);
        handedOut.put(CallableStatement.class, c.prepareCall("{call p()}"));
        ResultSet rs = ps.executeQuery();
        handedOut.put(ResultSet.class, rs);
        DatabaseMetaData md = c.getMetaData();
        handedOut.put(DatabaseMetaData.class, md);
        handedOut.put(ResultSetMetaData.class, rs.getMetaData());
        handedOut.put(ParameterMetaData.class, ps.getParameterMetaData());
        Object metadataResult = md.getTables(null, null, "%", null);
        c.close();

        List<String> problems = new ArrayList<>();
        int calls = 0;
        for (Map.Entry<Class<?>, Object> e : handedOut.entrySet()) {
            calls += walk(e.getKey(), e.getValue(), problems);
        }
        calls += walk(ResultSet.class, metadataResult, problems);
        assertThat(problems).isEmpty();
        assertThat(calls).as("methods walked").isGreaterThan(600);
    }

    /** Every method but the few allowed after close throws SQLState 08003. */
    private static int walk(Class<?> jdbcInterface, Object target, List<String> problems) throws Exception {
        return JdbcCalls.walk(jdbcInterface, ALLOWED_AFTER_CLOSE, m -> {
            Throwable thrown = JdbcCalls.call(target, m);
            boolean closedState = thrown instanceof SQLException && "08003".equals(((SQLException) thrown).getSQLState());
            return closedState ? null : thrown == null ? "returned normally" : thrown.toString();
        }, problems);
    }

    @Test
    void theDocumentedExceptionsAnswerWithoutTouchingTheDriver() throws SQLException {
        ds = new CisternDataSource(config(db).build());
        Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select 1");
        c.close();
        assertThat(c.isClosed()).isTrue();
        assertThat(c.isValid(1)).isFalse();
        c.abort(Runnable::run);
        c.close();
        assertThat(s.isClosed()).isTrue();
        assertThat(rs.isClosed()).isTrue();
        s.close();
        rs.close();
    }
}
