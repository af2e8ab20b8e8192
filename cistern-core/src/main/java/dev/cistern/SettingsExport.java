package dev.cistern;

import dev.cistern.settings.Kind;
import dev.cistern.settings.SettingDocs;
import dev.cistern.settings.Setting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes what people and tools read about the settings, from the table alone: the reference tables of
 * {@code docs/configuration.md} (checked against the file by {@code SettingsTableTest}) and Spring Boot's
 * configuration metadata, which the starter's build writes into its jar with
 * {@code java dev.cistern.SettingsExport boot-metadata OUT [EXTRA]}.
 */
final class SettingsExport {
    static final String BOOT_PREFIX = "spring.datasource.cistern.";
    private static final Set<Kind<?>> PLAIN_DEFAULTS = Set.of(Kind.WHOLE, Kind.FLAG, Kind.FRACTION, Kind.DURATION,
            Settings.POOLER_MODE.kind);

    private SettingsExport() {
    }

    /** {@return each docs section's name and its generated table, in the table's order} */
    static Map<String, String> markdownTables() {
        return SettingDocs.markdownTables(Settings.all());
    }

    /** Boot's name for a key: {@code circuitBreaker.failureThreshold} is {@code circuit-breaker.failure-threshold}. */
    static String bootName(String key) {
        if (key.equals("dataSource.<name>")) {
            return "data-source-properties";
        }
        return key.replace("JNDI", "Jndi").replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
    }

    /** {@return Boot's configuration metadata for every setting a properties file can give, and {@code extra}} */
    static String bootMetadata(String extraProperties) {
        List<String> entries = new ArrayList<>();
        for (Setting<?> s : Settings.all()) {
            if (!s.readable() && s != Settings.DATA_SOURCE_PROPERTIES) {
                continue;
            }
            entries.add(bootEntry(s, s.key, SettingDocs.sentence(s.doc)));
            if (s.alias() != null) {
                entries.add(bootEntry(s, s.alias(), "HikariCP's name for " + s.key + "."));
            }
        }
        if (extraProperties != null && !extraProperties.isBlank()) {
            entries.add(extraProperties.strip());
        }
        return "{\n  \"groups\": [\n    {\"name\": \"spring.datasource.cistern\", \"type\": \"dev.cistern.PoolConfig\","
                + " \"description\": \"Cistern connection pool settings (every PoolConfig property).\"}\n  ],\n"
                + "  \"properties\": [\n" + String.join(",\n", entries) + "\n  ],\n  \"hints\": []\n}\n";
    }

    private static <T> String bootEntry(Setting<T> s, String key, String doc) {
        String description = doc + " Allowed: " + SettingDocs.allowed(s).replace("`", "") + ". Default: "
                + SettingDocs.defaultText(s).replace("`", "") + ".";
        StringBuilder entry = new StringBuilder("    {\n      \"name\": \"").append(BOOT_PREFIX).append(bootName(key))
                .append("\",\n      \"type\": \"").append(s.kind.javaType()).append("\",\n      \"description\": \"")
                .append(json(description)).append("\",\n      \"sourceType\": \"dev.cistern.PoolConfig\"");
        if (s.defaultText() == null && s.defaultValue != null && PLAIN_DEFAULTS.contains(s.kind)) {
            String value = s.kind.format(s.defaultValue);
            boolean quoted = s.kind == Kind.DURATION || s.kind == Settings.POOLER_MODE.kind;
            entry.append(",\n      \"defaultValue\": ").append(quoted ? "\"" + value + "\"" : value);
        }
        return entry.append("\n    }").toString();
    }

    private static String json(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /**
     * {@code boot-metadata OUT [EXTRA]}: writes Boot's metadata to OUT, with EXTRA's property entries (a file
     * holding JSON objects separated by commas) after the table's.
     *
     * @param args the command and its files
     * @throws IOException when a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 2 || !args[0].equals("boot-metadata")) {
            throw new IllegalArgumentException("usage: SettingsExport boot-metadata OUT [EXTRA]");
        }
        String extra = args.length > 2 ? Files.readString(Path.of(args[2]), StandardCharsets.UTF_8) : null;
        Path out = Path.of(args[1]);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, bootMetadata(extra), StandardCharsets.UTF_8);
    }
}
