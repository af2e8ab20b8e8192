package dev.cistern.pool;

import dev.cistern.internal.Secrets;
import java.sql.SQLException;

/**
 * Turns failures into text and causes that are safe to show: messages with every password the pool knows
 * scrubbed, and the driver's own exception kept as the cause unless its chain mentions a password.
 */
final class ErrorText {
    private final ConnectionFactory factory;

    ErrorText(ConnectionFactory factory) {
        this.factory = factory;
    }

    /** Where the pool connects, for messages: the URL with any password masked, or the DataSource. */
    String target() {
        return factory.url() != null ? Secrets.maskUrl(factory.url()) : "the configured dataSource";
    }

    /** The message of {@code e} (or its class, if it has none) with passwords scrubbed. */
    String describe(Throwable e) {
        String message = e.getMessage() != null ? e.getMessage() : e.getClass().getName();
        return factory.scrub(message);
    }

    /**
     * The exception to chain as a cause: the driver's own, so callers see its type and the socket error
     * under it, unless a message in its chain holds a password; then copies with the password scrubbed of
     * the links down to the last one that held it, and the original links below that.
     */
    Throwable safeCause(Throwable e) {
        if (e == null || !mentionsSecret(e)) {
            return e;
        }
        String message = e.getClass().getName() + ": " + describe(e);
        Throwable safeNext = e.getCause() == e ? null : safeCause(e.getCause());
        Throwable copy = e instanceof SQLException
                ? new SQLException(message, ((SQLException) e).getSQLState(), ((SQLException) e).getErrorCode(), safeNext)
                : new RuntimeException(message, safeNext);
        copy.setStackTrace(e.getStackTrace());
        return copy;
    }

    private boolean mentionsSecret(Throwable e) {
        int depth = 0;
        for (Throwable t = e; t != null && depth < 20; t = t.getCause(), depth++) {
            String message = t.getMessage();
            if (message != null && !factory.scrub(message).equals(message)) {
                return true;
            }
        }
        return false;
    }
}
