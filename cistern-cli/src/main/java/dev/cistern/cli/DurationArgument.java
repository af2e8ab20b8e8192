package dev.cistern.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a duration option the way people write one: seconds ({@code 30}, {@code 1.5}) or with a unit. */
final class DurationArgument {
    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m)?");

    private DurationArgument() {
    }

    /**
     * Parses {@code 30}, {@code 1.5}, {@code 500ms}, {@code 2s} or {@code 1m}.
     *
     * @param option the option's name, for the message
     * @param text   what the user wrote
     * @param min    the least allowed; {@link Duration#ZERO} allows zero
     * @return the duration, to the millisecond
     * @throws IllegalArgumentException naming the option, the forms and the allowed range
     */
    static Duration parse(String option, String text, Duration min) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(option + " must be a duration such as 30 (seconds), 1.5, 500ms or 2s;"
                    + " was '" + text + "'");
        }
        double amount = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis = unit.equals("ms") ? amount : unit.equals("s") ? amount * 1_000 : amount * 60_000;
        Duration duration = Duration.ofMillis(Math.round(millis));
        if (min.isZero() ? millis < 0 : duration.compareTo(min) < 0) {
            throw new IllegalArgumentException(option + " must be " + (min.isZero() ? "0 or more" : min.equals(
                    Duration.ofMillis(1)) ? "greater than 0" : "at least " + show(min)) + "; was " + text);
        }
        return duration;
    }

    /** {@return a duration as the options take it: 500ms, 2s, 1.5s} */
    static String show(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis < 1000 ? millis + "ms" : millis / 1000.0 + "s";
    }
}
