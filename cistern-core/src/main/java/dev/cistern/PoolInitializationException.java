package dev.cistern;

/**
 * Thrown by the {@link CisternDataSource} constructor when {@code initializationFailTimeout} is positive and
 * no connection could be opened within it. The cause is the last connection error, with secrets scrubbed.
 */
public class PoolInitializationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message why the pool could not start, with the pool's name
     * @param cause   the last connection error, with secrets scrubbed
     */
    public PoolInitializationException(String message, Throwable cause) {
        super(message, cause);
    }
}
