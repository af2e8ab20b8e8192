package dev.cistern;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * One row of the settings table ({@code Settings}): the properties key (and another accepted spelling, such as
 * HikariCP's, where one exists), the kind of value, the default, the range a value must lie in, what a running
 * pool does with a change, the docs section and a one-line doc. Parsing, checking, copying, {@code toString},
 * the JavaBean's runtime routing, JMX, the reference docs and Boot's metadata all walk these rows; nothing
 * else names a setting's key, default or range. Declared once, at class initialisation, and never changed.
 *
 * @param <T> the value's type
 */
final class Setting<T> {
    /** What a running pool does with a new value. */
    enum Runtime {
        /** Refused once the pool has started: it needs a new pool. */
        FIXED("no"),
        /** Resizes the running pool. */
        RESIZE("yes: resizes"),
        /** Connections opened from then on use it; open ones keep theirs until they retire. */
        CREDENTIALS("yes: new connections"),
        /** Applies from the next wait, check or housekeeping round. */
        NEXT_USE("yes: next use");

        final String docs;

        Runtime(String docs) {
            this.docs = docs;
        }
    }

    /**
     * A range a single value must lie in: what the message says it must be, the test, and the docs' short form.
     *
     * @param must    completes "{key} must ...", e.g. "be a positive duration"
     * @param holds   true for an allowed value (never given null: null is refused before)
     * @param allowed the docs' column, e.g. "> 0"
     * @param <T>     the value's type
     */
    record Range<T>(String must, Predicate<T> holds, String allowed) {
        static final Range<Object> ANY = new Range<>("", v -> true, "any");

        static Range<Duration> positive() {
            return new Range<>("be a positive duration", d -> !d.isNegative() && !d.isZero(), "> 0");
        }

        static Range<Duration> zeroOrPositive(String zeroMeans) {
            return new Range<>("be 0 or a positive duration (" + zeroMeans + ")", d -> !d.isNegative(),
                    "0 or > 0 (" + zeroMeans + ")");
        }

        static Range<Integer> between(int low, int high) {
            return new Range<>("be between " + low + " and " + high, n -> n >= low && n <= high, low + "–" + high);
        }

        static Range<Double> fraction(boolean zeroAllowed) {
            return new Range<>("be " + (zeroAllowed ? "between 0" : "above 0") + " and at most 1 (or 100%)",
                    f -> !f.isNaN() && f <= 1 && (zeroAllowed ? f >= 0 : f > 0),
                    (zeroAllowed ? "[0, 1]" : "(0, 1]") + " as `0.2` or `20%`");
        }
    }

    final int index;
    final String key;
    final Kind<T> kind;
    final T defaultValue;
    final String section;
    final String doc;
    /** Its builder method's and accessor's name: the key without dots (circuitBreakerEnabled) unless given. */
    String javaName;
    /** Another spelling a properties file may use (HikariCP's name); null for none. */
    String alias;
    /** The docs' default column, where the default is not a plain value (derived at build); null otherwise. */
    String defaultText;
    Range<? super T> range;
    Runtime runtime = Runtime.FIXED;
    boolean nullable = true;
    /** Read when a configuration is built and resolved into another setting (a class or JNDI name into a DataSource). */
    boolean inputOnly;
    /** What the rules tying it to other settings ({@code SettingTies}) add to its range, in the docs' words. */
    String ties;

    @SuppressWarnings("unchecked")
    Setting(int index, String key, Kind<T> kind, T defaultValue, String section, String doc) {
        this.index = index;
        this.key = key;
        this.kind = kind;
        this.defaultValue = defaultValue;
        this.section = section;
        this.doc = doc;
        this.javaName = camelCase(key);
        this.range = (Range<? super T>) (Range<?>) Range.ANY;
    }

    /** A value is required and must lie in this range. */
    Setting<T> range(Range<? super T> range) {
        this.range = range;
        this.nullable = false;
        return this;
    }

    Setting<T> runtime(Runtime runtime) {
        this.runtime = runtime;
        return this;
    }

    Setting<T> alias(String alias) {
        this.alias = alias;
        return this;
    }

    /** The default is worked out when built (null until then); the docs show this text for it. */
    Setting<T> derivedDefault(String text) {
        this.defaultText = text;
        this.nullable = true;
        return this;
    }

    Setting<T> inputOnly() {
        this.inputOnly = true;
        return this;
    }

    /** The docs' words for what {@code SettingTies} adds to the range. */
    Setting<T> ties(String words) {
        this.ties = words;
        return this;
    }

    Setting<T> javaName(String name) {
        this.javaName = name;
        return this;
    }

    /** Whether a properties file can give it (not a Java object the builder alone takes). */
    boolean readable() {
        return kind.reader() != null;
    }

    private static String camelCase(String key) {
        StringBuilder name = new StringBuilder();
        for (String part : key.split("\\.")) {
            name.append(name.length() == 0 ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
        }
        return name.toString();
    }

    /** Throws, naming the key, the value and the range, unless the value is allowed. */
    void check(T value) {
        if (value == null ? !nullable : !range.holds().test(value)) {
            String shown = value == null ? "null" : kind.format(value);
            throw invalid(shown, key + " must " + range.must() + "; was " + shown);
        }
    }

    /** {@return this setting's value among a configuration's values, indexed as the table is} */
    @SuppressWarnings("unchecked")
    T in(Object[] values) {
        return (T) values[index];
    }

    InvalidSettingException invalid(String value, String message) {
        return new InvalidSettingException(key, value, message, allowed());
    }

    /** {@return what the setting allows, its own range and its ties together, in the docs' words} */
    String allowed() {
        String own = range.allowed();
        return ties == null ? own : own.equals("any") ? ties : own + "; " + ties;
    }

    @Override
    public String toString() {
        return key;
    }
}
