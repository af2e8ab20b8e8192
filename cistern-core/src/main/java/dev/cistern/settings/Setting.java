package dev.cistern.settings;

import dev.cistern.InvalidSettingException;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * One row of a settings table ({@link SettingTable}): the properties key (and another accepted spelling, such as
 * HikariCP's, where one exists), the kind of value, the default, the range a value must lie in, what a running
 * pool does with a change, the docs section and a one-line doc. Parsing, checking, copying, {@code toString},
 * the JavaBean's runtime routing, JMX, the reference docs and Boot's metadata all walk these rows; nothing
 * else names a setting's key, default or range. Declared once, at class initialisation (the chained calls
 * below are part of the declaration), and never changed after.
 *
 * @param <T> the value's type
 */
public final class Setting<T> {
    /** What a running pool does with a new value. */
    public enum Runtime {
        /** Refused once the pool has started: it needs a new pool. */
        FIXED("no"),
        /** Resizes the running pool. */
        RESIZE("yes: resizes"),
        /** Connections opened from then on use it; open ones keep theirs until they retire. */
        CREDENTIALS("yes: new connections"),
        /** Applies from the next wait, check or housekeeping round. */
        NEXT_USE("yes: next use");

        /** The docs' "on a running pool" column. */
        public final String docs;

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
    public record Range<T>(String must, Predicate<T> holds, String allowed) {
        public static final Range<Object> ANY = new Range<>("", v -> true, "any");

        public static Range<Duration> positive() {
            return new Range<>("be a positive duration", d -> !d.isNegative() && !d.isZero(), "> 0");
        }

        public static Range<Duration> zeroOrPositive(String zeroMeans) {
            return new Range<>("be 0 or a positive duration (" + zeroMeans + ")", d -> !d.isNegative(),
                    "0 or > 0 (" + zeroMeans + ")");
        }

        /** One of an enum's constants (the kind has refused any other name already); required. */
        public static <E extends Enum<E>> Range<E> oneOf(Class<E> type) {
            return new Range<>("be " + Kind.choices(type), e -> true, java.util.Arrays.stream(type.getEnumConstants())
                    .map(e -> "`" + e.name() + "`").collect(java.util.stream.Collectors.joining(", ")));
        }

        public static Range<Duration> atLeast(Duration least) {
            return new Range<>("be at least " + Kind.show(least), d -> d.compareTo(least) >= 0, "≥ " + Kind.show(least));
        }

        public static Range<Integer> between(int low, int high) {
            return new Range<>("be between " + low + " and " + high, n -> n >= low && n <= high, low + "–" + high);
        }

        public static Range<Double> fraction(boolean zeroAllowed) {
            return new Range<>((zeroAllowed ? "be between 0 and 1" : "be above 0 and at most 1") + " (or 100%)",
                    f -> !f.isNaN() && f <= 1 && (zeroAllowed ? f >= 0 : f > 0),
                    (zeroAllowed ? "[0, 1]" : "(0, 1]") + " as `0.2` or `20%`");
        }
    }

    /** Its place in its table, and so in a configuration's values. */
    public final int index;
    public final String key;
    public final Kind<T> kind;
    public final T defaultValue;
    /** The docs section it is listed in. */
    public final String section;
    /** One line: what it means. */
    public final String doc;
    private String javaName;
    private String alias;
    private String defaultText;
    private Range<? super T> range;
    private Runtime runtime = Runtime.FIXED;
    private boolean nullable = true;
    private boolean inputOnly;
    private String ties;

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

    // The declaration, chained onto SettingTable.add while the table's class initialises.

    /** A value is required and must lie in this range. */
    public Setting<T> range(Range<? super T> range) { this.range = range; this.nullable = false; return this; }
    /** A value is optional (null: the feature is off), and when given must lie in this range. */
    public Setting<T> rangeWhenSet(Range<? super T> range) { this.range = range; return this; }
    public Setting<T> runtime(Runtime runtime) { this.runtime = runtime; return this; }
    /** Another spelling a properties file may use (HikariCP's name). */
    public Setting<T> alias(String alias) { this.alias = alias; return this; }
    /** The default is worked out when built (null until then); the docs show this text for it. */
    public Setting<T> derivedDefault(String text) { this.defaultText = text; this.nullable = true; return this; }
    /** Read when a configuration is built and turned into another setting (a class name into an object). */
    public Setting<T> inputOnly() { this.inputOnly = true; return this; }
    /** The docs' words for what the rules tying it to other settings add to its range. */
    public Setting<T> ties(String words) { this.ties = words; return this; }
    /** Its builder method's and accessor's name, where it is not the key without dots (circuitBreakerEnabled). */
    public Setting<T> javaName(String name) { this.javaName = name; return this; }

    // The row as declared.

    public String javaName() { return javaName; }
    public String alias() { return alias; }
    /** {@return the docs' default column where the default is worked out when built; else null} */
    public String defaultText() { return defaultText; }
    public Range<? super T> range() { return range; }
    public Runtime runtime() { return runtime; }
    public boolean isInputOnly() { return inputOnly; }
    /** {@return whether it may be null: no range, or a default worked out when built} */
    public boolean nullable() { return nullable; }

    /** {@return whether a properties file can give it (not a Java object the builder alone takes)} */
    public boolean readable() {
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
    public void check(T value) {
        check(value, key);
    }

    /** As {@link #check(Object)}, naming one instance of a row such as {@code replica.<n>.weight}: {@code replica.2.weight}. */
    public void check(T value, String as) {
        if (value == null ? !nullable : !range.holds().test(value)) {
            String shown = value == null ? "null" : kind.format(value);
            throw new InvalidSettingException(as, shown, as + " must " + range.must() + "; was " + shown, allowed());
        }
    }

    /** {@return this setting's value among a configuration's values, indexed as the table is} */
    @SuppressWarnings("unchecked")
    public T in(Object[] values) {
        return (T) values[index];
    }

    /** {@return the error for a value refused by a rule that ties this setting to another} */
    public InvalidSettingException invalid(String value, String message) {
        return new InvalidSettingException(key, value, message, allowed());
    }

    /** {@return what the setting allows, its own range and its ties together, in the docs' words} */
    public String allowed() {
        String own = range.allowed();
        return ties == null ? own : own.equals("any") ? ties : own + "; " + ties;
    }

    @Override
    public String toString() {
        return key;
    }
}
