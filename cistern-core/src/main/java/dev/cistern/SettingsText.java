package dev.cistern;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads settings from text, as properties files, Spring's relaxed binding and environment variables write
 * them: the table's keys and their other spellings ({@code maximum-pool-size}, {@code MAXIMUMPOOLSIZE},
 * {@code circuit-breaker.enabled}), driver properties under {@code dataSource.} (or {@code data-source.},
 * {@code data-source-properties.}), and HikariCP's keys that Cistern answers otherwise ({@link HikariOnlyKeys}).
 * An unknown key is one line naming it and the closest known key.
 */
final class SettingsText {
    private static final String DRIVER_PREFIX = "dataSource.";
    static final String CONFIGURATION_FILE = "cistern.configurationFile";
    static final String HIKARI_CONFIGURATION_FILE = "hikaricp.configurationFile";

    /** A name a properties file may use: the setting it sets (null for a HikariCP-only key) and its spelling. */
    private record Name(Setting<?> setting, String spelling) {
    }

    private static final Map<String, Name> BY_RELAXED_NAME = new HashMap<>();
    private static final Set<String> NAMES = new LinkedHashSet<>();

    static {
        for (Setting<?> setting : Settings.all()) {
            if (setting.readable() && setting != Settings.DATA_SOURCE_PROPERTIES) {
                add(setting, setting.key);
                if (setting.alias != null) {
                    add(setting, setting.alias);
                }
            }
        }
        for (String name : HikariOnlyKeys.NAMES) {
            BY_RELAXED_NAME.putIfAbsent(relaxed(name), new Name(null, name));
        }
    }

    private SettingsText() {
    }

    private static void add(Setting<?> setting, String spelling) {
        BY_RELAXED_NAME.put(relaxed(spelling), new Name(setting, spelling));
        NAMES.add(spelling);
    }

    /**
     * The values properties give, by setting, driver properties gathered into one (nothing derived yet, so later
     * changes derive afresh); names are read in sorted order, so errors come out the same each run. Behind
     * {@code PoolConfig.fromProperties}.
     */
    static Map<Setting<?>, Object> read(Properties properties) {
        Objects.requireNonNull(properties, "properties");
        Map<Setting<?>, Object> given = new LinkedHashMap<>();
        Properties driver = new Properties();
        for (String written : new TreeSet<>(properties.stringPropertyNames())) {
            String value = properties.getProperty(written).trim();
            String name = canonicalName(written);
            Name known = BY_RELAXED_NAME.get(relaxed(name));
            if (name.startsWith(DRIVER_PREFIX)) {
                driver.setProperty(name.substring(DRIVER_PREFIX.length()), value);
            } else if (known != null && known.setting() != null) {
                given.put(known.setting(), known.setting().kind.read(known.spelling(), value));
            } else if (!HikariOnlyKeys.accept(name, value)) {
                throw new IllegalArgumentException(unknownProblem(written));
            }
        }
        if (!driver.isEmpty()) {
            given.put(Settings.DATA_SOURCE_PROPERTIES, driver);
        }
        return given;
    }

    /**
     * What a bean data source starts from: the file named by the system property {@code cistern.configurationFile}
     * or, as HikariCP's {@code new HikariConfig()} reads it, {@code hikaricp.configurationFile}; else nothing.
     */
    static Map<Setting<?>, Object> beanStart() {
        String file = System.getProperty(CONFIGURATION_FILE, System.getProperty(HIKARI_CONFIGURATION_FILE));
        return file == null || file.isBlank() ? Map.of() : read(load(Path.of(file.trim())));
    }

    static Properties load(Path file) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("pool configuration file '" + file + "' could not be read: " + e, e);
        }
        return properties;
    }

    /** {@return the table's key for a name in any spelling {@link #read} accepts; null for others} */
    static String keyOf(String given) {
        Name known = BY_RELAXED_NAME.get(relaxed(canonicalName(given)));
        return known == null || known.setting() == null ? null : known.setting().key;
    }

    /**
     * The documented name for a name written another way; a name matching nothing comes back unchanged. Driver
     * properties keep the case of what follows the prefix, since drivers' names are case-sensitive.
     */
    static String canonicalName(String given) {
        int dot = given.indexOf('.');
        if (dot > 0 && dot < given.length() - 1) {
            String head = relaxed(given.substring(0, dot));
            if (head.equals("datasource") || head.equals("datasourceproperties")) {
                return DRIVER_PREFIX + given.substring(dot + 1);
            }
            if (head.equals("healthcheckproperties")) {
                return "healthCheckProperties." + given.substring(dot + 1);
            }
        }
        Name known = BY_RELAXED_NAME.get(relaxed(given));
        return known != null ? known.spelling() : given;
    }

    /** {@return null for a name {@link #read} takes, else one line naming it and the closest known name} */
    static String unknownProblem(String given) {
        String name = canonicalName(given);
        if (BY_RELAXED_NAME.containsKey(relaxed(name)) || name.startsWith(DRIVER_PREFIX)
                || name.startsWith("healthCheckProperties.")) {
            return null;
        }
        String closest = null;
        int best = Integer.MAX_VALUE;
        for (Name candidate : BY_RELAXED_NAME.values()) {
            int distance = editDistance(relaxed(given), relaxed(candidate.spelling()));
            if (distance < best || (distance == best && candidate.spelling().compareTo(closest) < 0)) {
                best = distance;
                closest = candidate.spelling();
            }
        }
        boolean near = best <= Math.max(2, relaxed(given).length() / 2);
        return "unknown pool property '" + given + "'" + (near ? "; did you mean '" + closest + "'?"
                : " (docs/configuration.md lists them)");
    }

    /** The names {@link #read} accepts, besides {@code dataSource.*}, in the table's order. */
    static Set<String> names() {
        return Collections.unmodifiableSet(NAMES);
    }

    private static String relaxed(String name) {
        return name.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }

    /** Levenshtein distance: the fewest single-character edits from one name to the other. */
    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int replace = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(replace, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
