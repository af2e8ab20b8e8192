package dev.cistern.pool;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;

/**
 * Tells connection failures that no retry can fix from those worth retrying. Retrying a wrong password or
 * an unknown database only delays the answer (and may lock the account); a refused or timed-out socket,
 * a server starting up or too many connections may clear within the backoff.
 */
final class ConnectFailures {
    /** MySQL/MariaDB: access denied to the database (1044), unknown database (1049); SQLState 42000. */
    private static final int MYSQL_DB_ACCESS_DENIED = 1044;
    private static final int MYSQL_UNKNOWN_DATABASE = 1049;

    private ConnectFailures() {
    }

    /** Thrown by the pool itself for a set-up that cannot connect at all: no driver, a URL no driver takes. */
    static final class NotRetryable extends SQLNonTransientConnectionException {
        private static final long serialVersionUID = 1L;

        NotRetryable(String message) {
            super(message, "08001");
        }
    }

    /**
     * True for SQLState class 28 (invalid authorization: PostgreSQL 28P01/28000, MySQL/MariaDB 1045 as
     * 28000), 3D000 (PostgreSQL: the database does not exist), MySQL/MariaDB 1044 and 1049, and the pool's
     * own {@link NotRetryable}; the driver's exception or one it wraps directly.
     */
    static boolean isHopeless(SQLException e) {
        if (isHopelessItself(e)) {
            return true;
        }
        Throwable cause = e.getCause();
        return cause instanceof SQLException && cause != e && isHopelessItself((SQLException) cause);
    }

    private static boolean isHopelessItself(SQLException e) {
        if (e instanceof NotRetryable) {
            return true;
        }
        String state = e.getSQLState();
        if (state == null) {
            return false;
        }
        if (state.startsWith("28") || state.equals("3D000")) {
            return true;
        }
        return state.equals("42000")
                && (e.getErrorCode() == MYSQL_DB_ACCESS_DENIED || e.getErrorCode() == MYSQL_UNKNOWN_DATABASE);
    }
}
