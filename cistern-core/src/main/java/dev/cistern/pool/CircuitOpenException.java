package dev.cistern.pool;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** A borrow or connection attempt refused because the circuit breaker is open; carries the last error. */
final class CircuitOpenException extends SQLTransientConnectionException {
    private static final long serialVersionUID = 1L;

    CircuitOpenException(String message, SQLException lastError) {
        super(message, "08001", lastError);
    }
}
