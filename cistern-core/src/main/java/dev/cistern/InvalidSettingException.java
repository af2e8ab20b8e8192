package dev.cistern;

/**
 * A setting that is out of its range, or does not fit with another: thrown when a configuration is built, read
 * from properties or changed on a running pool. The message names the setting, the value and what is allowed;
 * the parts are here too, for tools that explain it (Spring Boot's failure analysis, a CLI). Values of secret
 * settings are never carried.
 */
public final class InvalidSettingException extends IllegalArgumentException {
    /** Serial form version. */
    private static final long serialVersionUID = 1L;

    /** The setting's properties key. */
    private final String setting;
    /** The refused value as text, masked where it could hold a secret. */
    private final String value;
    /** What is allowed, in the docs' words. */
    private final String allowed;

    /**
     * Makes one; Cistern's settings tables do, and a tool that checks settings of its own may.
     *
     * @param setting the setting's properties key
     * @param value   the refused value as text, already masked if it could hold a secret
     * @param message the whole message: the setting, the value and what is allowed
     * @param allowed what is allowed, in the docs' words
     */
    public InvalidSettingException(String setting, String value, String message, String allowed) {
        super(message);
        this.setting = setting;
        this.value = value;
        this.allowed = allowed;
    }

    /** {@return the setting's properties key, e.g. {@code maximumPoolSize} or {@code circuitBreaker.openDuration}} */
    public String setting() {
        return setting;
    }

    /** {@return the refused value as text (masked where it could hold a secret)} */
    public String value() {
        return value;
    }

    /** {@return what is allowed, in the docs' words, e.g. {@code 1–10000} or {@code > 0}} */
    public String allowed() {
        return allowed;
    }
}
