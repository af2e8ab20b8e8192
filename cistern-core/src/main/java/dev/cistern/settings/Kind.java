package dev.cistern.settings;

import dev.cistern.internal.Secrets;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kind of value a setting holds: how a properties file's text becomes one (an error naming the key when it
 * cannot), how it is shown in {@code toString()}, messages and the docs (secrets masked), the Java type Spring
 * Boot's metadata gives it, and how a mutable value is copied between builder and configuration.
 *
 * @param javaType the type in Boot's configuration metadata
 * @param reader   text to value, given the key for the error message; null when a properties file cannot give one
 * @param shower   value to text, for people
 * @param copier   a copy of a mutable value (identity for immutable ones)
 * @param <T>      the value's type
 */
public record Kind<T>(String javaType, BiFunction<String, String, T> reader, Function<T, String> shower,
        Function<T, T> copier) {
    /** The isolation value meaning "whatever the driver gives a new connection". */
    public static final int DRIVER_DEFAULT_ISOLATION = -1;
    private static final Pattern DURATION_TEXT = Pattern.compile("(-?\\d+)\\s*(ms|s|m|h|d)?");
    private static final Pattern SECRET_KEY = Pattern.compile(".*(password|passwd|pwd|secret|token).*");
    private static final Map<String, Integer> ISOLATION = Map.of("NONE", Connection.TRANSACTION_NONE,
            "READ_UNCOMMITTED", Connection.TRANSACTION_READ_UNCOMMITTED,
            "READ_COMMITTED", Connection.TRANSACTION_READ_COMMITTED,
            "REPEATABLE_READ", Connection.TRANSACTION_REPEATABLE_READ,
            "SERIALIZABLE", Connection.TRANSACTION_SERIALIZABLE);

    public static final Kind<String> TEXT = simple("java.lang.String", (key, text) -> text, text -> text);
    public static final Kind<String> URL = simple("java.lang.String", (key, text) -> text, Secrets::maskUrl);
    public static final Kind<String> SECRET = simple("java.lang.String", (key, text) -> text, text -> Secrets.MASK);
    public static final Kind<Integer> WHOLE = simple("java.lang.Integer", Kind::whole, String::valueOf);
    public static final Kind<Boolean> FLAG = simple("java.lang.Boolean", Kind::flag, String::valueOf);
    public static final Kind<Duration> DURATION = simple("java.time.Duration", Kind::duration, Kind::show);
    public static final Kind<Double> FRACTION = simple("java.lang.Double", Kind::fraction, String::valueOf);
    public static final Kind<Integer> ISOLATION_LEVEL = simple("java.lang.String", Kind::isolation, Kind::isolationName);
    public static final Kind<javax.sql.DataSource> DATA_SOURCE = new Kind<>("javax.sql.DataSource", null,
            ds -> ds.getClass().getName(), ds -> ds);
    public static final Kind<Properties> DRIVER_PROPERTIES = new Kind<>("java.util.Map<java.lang.String,java.lang.String>",
            null, Kind::showProperties, Kind::copy);
    /** Java objects a builder alone takes, shown by their classes. */
    public static <T> Kind<List<T>> listOf() {
        return new Kind<>("java.util.List", null, list -> list.stream().map(l -> l.getClass().getName()).toList()
                .toString(), List::copyOf);
    }

    /** One of an enum's constants, by name in any case ({@code -} for {@code _}); the error lists them all. */
    public static <E extends Enum<E>> Kind<E> choice(Class<E> type) {
        return simple(type.getName(), (key, text) -> {
            try {
                return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + " must be " + choices(type) + "; was '" + text + "'");
            }
        }, Enum::name);
    }

    /** {@return "A or B", or "one of A, B, C": an enum's constants as a message lists them} */
    public static String choices(Class<? extends Enum<?>> type) {
        List<String> names = java.util.Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
        return names.size() == 2 ? names.get(0) + " or " + names.get(1) : "one of " + String.join(", ", names);
    }

    private static <T> Kind<T> simple(String javaType, BiFunction<String, String, T> reader, Function<T, String> shower) {
        return new Kind<>(javaType, reader, shower, value -> value);
    }

    /** An object named by its class in a properties file and made with its public no-argument constructor. */
    public static <T> Kind<T> instanceOf(Class<T> type) {
        return new Kind<>("java.lang.String", (key, className) -> instantiate(key, className, type),
                value -> value.getClass().getName(), value -> value);
    }

    /** {@return the value as text for people; "none" for null} */
    public String format(T value) {
        return value == null ? "none" : shower.apply(value);
    }

    public T read(String key, String text) {
        return reader.apply(key, text);
    }

    public T copy(T value) {
        return value == null ? null : copier.apply(value);
    }

    /** Human form for durations in messages: 250ms, 30s, 5m. */
    public static String show(Duration d) {
        long ms = d.toMillis();
        if (ms != 0 && ms % 60_000 == 0) {
            return (ms / 60_000) + "m";
        }
        return ms != 0 && ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
    }

    /** Milliseconds ({@code 30000}) or a number with a unit ({@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 2d}). */
    public static Duration duration(String key, String text) {
        Matcher m = DURATION_TEXT.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(key + " must be milliseconds or a number with a unit"
                    + " (ms, s, m, h, d), e.g. 30000 or 30s; was '" + text + "'");
        }
        long amount;
        try {
            amount = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " is out of range: '" + text + "'");
        }
        switch (m.group(2) == null ? "ms" : m.group(2)) {
            case "ms": return Duration.ofMillis(amount);
            case "s": return Duration.ofSeconds(amount);
            case "m": return Duration.ofMinutes(amount);
            case "h": return Duration.ofHours(amount);
            default: return Duration.ofDays(amount);
        }
    }

    private static int whole(String key, String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number; was '" + text + "'");
        }
    }

    /** Only {@code true} or {@code false} (any case): "yes" or "1" is more likely a mistake than a wish. */
    private static boolean flag(String key, String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (!lower.equals("true") && !lower.equals("false")) {
            throw new IllegalArgumentException(key + " must be true or false; was '" + text + "'");
        }
        return lower.equals("true");
    }

    /** A plain fraction ({@code 0.2}) or a percentage ({@code 20%}). */
    private static double fraction(String key, String text) {
        try {
            return text.endsWith("%") ? Double.parseDouble(text.substring(0, text.length() - 1).trim()) / 100
                    : Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a fraction such as 0.8 or a percentage such as 80%;"
                    + " was '" + text + "'");
        }
    }

    /** A level by name, with or without {@code TRANSACTION_}, in any case, or by its {@link Connection} number. */
    public static int isolation(String key, String text) {
        String name = text.toUpperCase(Locale.ROOT).replaceFirst("^TRANSACTION_", "");
        Integer level = ISOLATION.get(name);
        if (level != null) {
            return level;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be one of TRANSACTION_NONE, TRANSACTION_READ_UNCOMMITTED,"
                    + " TRANSACTION_READ_COMMITTED, TRANSACTION_REPEATABLE_READ, TRANSACTION_SERIALIZABLE; was '"
                    + text + "'");
        }
    }

    public static String isolationName(int level) {
        return ISOLATION.entrySet().stream().filter(e -> e.getValue() == level).map(e -> "TRANSACTION_" + e.getKey())
                .findFirst().orElse(level == DRIVER_DEFAULT_ISOLATION ? "driver default" : String.valueOf(level));
    }

    private static Properties copy(Properties properties) {
        Properties copy = new Properties();
        copy.putAll(properties);
        return copy;
    }

    /** Driver properties in key order; any whose name suggests a secret is masked, URLs in values too. */
    private static String showProperties(Properties properties) {
        Map<String, String> shown = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            boolean secret = SECRET_KEY.matcher(key.toLowerCase(Locale.ROOT)).matches();
            shown.put(key, secret ? Secrets.MASK : Secrets.maskUrl(properties.getProperty(key)));
        }
        return shown.toString();
    }

    /** Makes an instance of a named class (context class loader first) for a setting that takes one. */
    public static <T> T instantiate(String key, String className, Class<T> type) {
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            Class<?> found = Class.forName(className, true, loader != null ? loader : Kind.class.getClassLoader());
            if (!type.isAssignableFrom(found)) {
                throw new IllegalArgumentException(key + " '" + className + "' does not implement " + type.getName()
                        + (implementsHikariCp(found)
                        ? " (it implements HikariCP's interface, which Cistern cannot call: implement Cistern's)" : ""));
            }
            return type.cast(found.getDeclaredConstructor().newInstance());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException(key + " '" + className + "' could not be loaded: is it on the classpath?");
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(key + " '" + className
                    + "' could not be created: it needs a public no-argument constructor (" + e + ")");
        }
    }

    private static boolean implementsHikariCp(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                if (i.getName().startsWith("com.zaxxer.hikari.")) {
                    return true;
                }
            }
        }
        return false;
    }
}
