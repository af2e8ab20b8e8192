package dev.cistern.cli;

import dev.cistern.CircuitOpenException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;

/** Names a failed transaction's cause, for the error counts: short, stable, and the same for alike failures. */
final class FailureKind {
    static final String CHECKOUT_TIMEOUT = "checkout_timeout";
    static final String QUERY_TIMEOUT = "query_timeout";

    private FailureKind() {
    }

    /** A {@code getConnection()} that failed: the pool's timeout, an open circuit, or the connect error. */
    static String ofCheckout(SQLException e) {
        if (e instanceof CircuitOpenException) {
            return "circuit_open";
        }
        if (e instanceof SQLTransientConnectionException && String.valueOf(e.getMessage()).contains("timed out")) {
            return CHECKOUT_TIMEOUT;
        }
        return "connect_error " + code(e);
    }

    /** A statement that failed: its timeout, or the error's SQL state (the vendor code when there is none). */
    static String ofQuery(Throwable e) {
        if (e instanceof SQLTimeoutException) {
            return QUERY_TIMEOUT;
        }
        if (e instanceof SQLException sql) {
            return "sql_error " + code(sql);
        }
        return "exception " + e.getClass().getSimpleName();
    }

    static boolean isTimeout(String kind) {
        return kind.equals(CHECKOUT_TIMEOUT) || kind.equals(QUERY_TIMEOUT);
    }

    private static String code(SQLException e) {
        return e.getSQLState() != null ? e.getSQLState() : "code " + e.getErrorCode();
    }
}
