package dev.cistern.spring;

/**
 * The pool's settings in the Spring environment cannot start a pool: names the Spring property (as the
 * application wrote it, under {@code spring.datasource.*}), the problem and the fix, for
 * {@link PoolPropertyFailureAnalyzer}. Carries no property value beyond what the message shows, and the message
 * never shows a password.
 */
final class PoolPropertyException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String property;
    private final String action;

    PoolPropertyException(String property, String message, String action, Throwable cause) {
        super(message, cause);
        this.property = property;
        this.action = action;
    }

    String property() {
        return property;
    }

    String action() {
        return action;
    }
}
