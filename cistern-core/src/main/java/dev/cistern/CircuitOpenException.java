package dev.cistern;

import java.sql.SQLTransientConnectionException;

/**
 * A borrow refused at once because the circuit breaker is open: connection attempts have been failing,
 * and the pool fails borrowers fast instead of letting them wait out {@code connectionTimeout}. Thrown to
 * new borrowers and to waiters already queued when the circuit opens alike. The message names the last
 * connection error and when the next probe is due; the cause is that error. A subclass of
 * {@link SQLTransientConnectionException}, so code that handles pool timeouts handles this too.
 */
public class CircuitOpenException extends SQLTransientConnectionException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception; its SQLState is {@code 08001}.
     *
     * @param message   the detail message; for borrowers it names the last connection error and when the next
     *                  probe is due
     * @param lastError the last connection error, or null if none is known
     */
    public CircuitOpenException(String message, Throwable lastError) {
        super(message, "08001", lastError);
    }
}
