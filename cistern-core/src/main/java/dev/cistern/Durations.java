package dev.cistern;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the duration strings that properties files carry: a bare number of milliseconds ({@code 30000})
 * or a number with a unit ({@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}). Kept tiny on purpose: the
 * formats HikariCP users already write, plus the short units people reach for.
 */
final class Durations {
    private static final Pattern FORMAT = Pattern.compile("(-?\\d+)\\s*(ms|s|m|h|d)?");

    private Durations() {
    }

    static Duration parse(String field, String text) {
        Matcher m = FORMAT.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(field + " must be milliseconds or a number with a unit"
                    + " (ms, s, m, h, d), e.g. 30000 or 30s; was '" + text + "'");
        }
        long amount;
        try {
            amount = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + " is out of range: '" + text + "'");
        }
        String unit = m.group(2) == null ? "ms" : m.group(2);
        switch (unit) {
            case "ms": return Duration.ofMillis(amount);
            case "s": return Duration.ofSeconds(amount);
            case "m": return Duration.ofMinutes(amount);
            case "h": return Duration.ofHours(amount);
            default: return Duration.ofDays(amount);
        }
    }

    /** Human form for messages: 250ms, 30s, 5m. */
    static String format(Duration d) {
        long ms = d.toMillis();
        if (ms != 0 && ms % 60_000 == 0) {
            return (ms / 60_000) + "m";
        }
        if (ms != 0 && ms % 1000 == 0) {
            return (ms / 1000) + "s";
        }
        return ms + "ms";
    }
}
