package dev.cistern.internal;

import java.util.regex.Pattern;

/**
 * Keeps passwords out of everything a person can read: URLs and messages are scrubbed before they reach
 * a log line, an exception, {@code toString()} or a page. Internal (this package is not exported): public
 * only so that the config, the pool and the CLI can share one set of rules.
 */
public final class Secrets {
    public static final String MASK = "****";

    /** password=..., pwd=..., passwd=... in query strings (?a=b&c=d) and property lists (;a=b;c=d). */
    private static final Pattern PASSWORD_PARAMETER =
            Pattern.compile("(?i)((?:password|passwd|pwd|secret|token)\\s*=)([^&;,)\\s]*)");
    /** user:password@host authority parts, as in jdbc:postgresql://user:secret@host/db. */
    private static final Pattern USERINFO = Pattern.compile("(//[^/@:\\s]*:)([^@/\\s]*)(@)");
    /** Oracle's thin form jdbc:oracle:thin:user/password@host. */
    private static final Pattern ORACLE_THIN = Pattern.compile("(?i)(:thin:[^/@:\\s]*/)([^@\\s]*)(@)");

    private Secrets() {
    }

    /** Returns the URL with every password part replaced by {@link #MASK}. */
    public static String maskUrl(String url) {
        if (url == null) {
            return null;
        }
        String masked = PASSWORD_PARAMETER.matcher(url).replaceAll("$1" + MASK);
        masked = USERINFO.matcher(masked).replaceAll("$1" + MASK + "$3");
        return ORACLE_THIN.matcher(masked).replaceAll("$1" + MASK + "$3");
    }

    /**
     * Scrubs free text (a driver's exception message, say): URL-shaped secrets are masked and every
     * literal occurrence of the known password is replaced.
     */
    public static String scrub(String text, String password) {
        if (text == null) {
            return null;
        }
        String scrubbed = maskUrl(text);
        if (password != null && password.length() >= 3) {
            scrubbed = scrubbed.replace(password, MASK);
        }
        return scrubbed;
    }
}
