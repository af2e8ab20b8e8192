package dev.cistern;

import dev.cistern.settings.Setting;
import dev.cistern.settings.SettingTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads pool settings from text: the table's keys in any spelling its {@link SettingTable} matches, driver
 * properties under {@code dataSource.} (or {@code data-source.}, {@code data-source-properties.}), and HikariCP's
 * keys that Cistern answers otherwise ({@link HikariOnlyKeys}). An unknown key is one line naming it and the
 * closest known key. Also where a bean data source's configuration file is found.
 */
final class SettingsText {
    private static final String DRIVER_PREFIX = "dataSource.";
    static final String CONFIGURATION_FILE = "cistern.configurationFile";
    static final String HIKARI_CONFIGURATION_FILE = "hikaricp.configurationFile";

    private SettingsText() {
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
            Setting<?> known = readable(name);
            if (name.startsWith(DRIVER_PREFIX)) {
                driver.setProperty(name.substring(DRIVER_PREFIX.length()), value);
            } else if (known != null) {
                given.put(known, known.kind.read(name, value));
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
    static String keyOf(String written) {
        Setting<?> known = readable(canonicalName(written));
        return known == null ? null : known.key;
    }

    private static Setting<?> readable(String name) {
        Setting<?> known = Settings.table().find(name);
        return known != null && known.readable() ? known : null;
    }

    /**
     * The documented name for a name written another way; a name matching nothing comes back unchanged. Driver
     * properties keep the case of what follows the prefix, since drivers' names are case-sensitive.
     */
    static String canonicalName(String written) {
        int dot = written.indexOf('.');
        if (dot > 0 && dot < written.length() - 1) {
            String head = SettingTable.relaxed(written.substring(0, dot));
            if (head.equals("datasource") || head.equals("datasourceproperties")) {
                return DRIVER_PREFIX + written.substring(dot + 1);
            }
            if (head.equals("healthcheckproperties")) {
                return "healthCheckProperties." + written.substring(dot + 1);
            }
        }
        String spelling = readable(written) != null ? Settings.table().spelling(written) : null;
        return spelling != null ? spelling : HikariOnlyKeys.spelling(written);
    }

    /** {@return null for a name {@link #read} takes, else one line naming it and the closest known name} */
    static String unknownProblem(String written) {
        String name = canonicalName(written);
        if (readable(name) != null || HikariOnlyKeys.NAMES.contains(name) || name.startsWith(DRIVER_PREFIX)
                || name.startsWith("healthCheckProperties.")) {
            return null;
        }
        List<String> known = new ArrayList<>(names());
        known.addAll(HikariOnlyKeys.NAMES);
        String closest = SettingTable.closest(written, known);
        return "unknown pool property '" + written + "'" + (closest != null ? "; did you mean '" + closest + "'?"
                : " (docs/configuration.md lists them)");
    }

    /** The names {@link #read} accepts, besides {@code dataSource.*}, in the table's order. */
    static Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        for (Setting<?> setting : Settings.all()) {
            if (setting.readable()) {
                names.add(setting.key);
                if (setting.alias() != null) {
                    names.add(setting.alias());
                }
            }
        }
        return Collections.unmodifiableSet(names);
    }
}
