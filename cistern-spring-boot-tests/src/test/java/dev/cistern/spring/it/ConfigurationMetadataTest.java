package dev.cistern.spring.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cistern.PoolConfig;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The starter's configuration metadata (what IDEs complete under {@code spring.datasource.cistern.*}) names
 * every pool property, each in the form Spring binds, and its defaults are the pool's real ones.
 */
class ConfigurationMetadataTest {
    private static final String PREFIX = "spring.datasource.cistern.";
    private static final Pattern ENTRY = Pattern.compile(
            "\\{\\s*\"name\": \"([^\"]+)\",\\s*\"type\": \"([^\"]+)\"[^{}]*?(?:\"defaultValue\": ([^\\s,}]+))?\\s*}");

    /** Metadata name (without the prefix) to its default value as written, or "" for none. */
    private static Map<String, String> poolEntries() throws Exception {
        String json;
        try (InputStream in = PoolConfig.class.getClassLoader().getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("the starter's metadata on the class path").isNotNull();
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, String> entries = new LinkedHashMap<>();
        Matcher entry = ENTRY.matcher(json);
        while (entry.find()) {
            if (entry.group(1).startsWith(PREFIX)) {
                entries.put(entry.group(1).substring(PREFIX.length()), entry.group(3) == null ? "" : entry.group(3));
            }
        }
        return entries;
    }

    @Test
    void everyPoolPropertyIsListedInTheFormSpringBinds() throws Exception {
        Map<String, String> entries = poolEntries();
        Map<String, String> listed = new LinkedHashMap<>();
        entries.keySet().forEach(name -> listed.put(PoolConfig.propertyKey(name), name));
        for (String property : PoolConfig.propertyNames()) {
            String key = PoolConfig.propertyKey(property);
            assertThat(listed).as(property).containsKey(key);
            assertThat(listed.get(key)).as("kebab case").isLowerCase();
        }
        assertThat(entries).containsKey("data-source-properties");
        assertThat(entries).hasSize(PoolConfig.propertyNames().size() + 1);
    }

    /** Each listed default, given back to the pool under its listed name, changes nothing the pool shows. */
    @Test
    void theListedDefaultsAreThePoolsOwn() throws Exception {
        PoolConfig defaults = PoolConfig.fromProperties(minimal());
        int checked = 0;
        for (Map.Entry<String, String> entry : poolEntries().entrySet()) {
            if (entry.getValue().isEmpty()) {
                continue;
            }
            Properties withDefault = minimal();
            withDefault.setProperty(entry.getKey(), entry.getValue().replace("\"", ""));
            assertThat(PoolConfig.fromProperties(withDefault).toString()).as(entry.getKey())
                    .isEqualTo(defaults.toString());
            checked++;
        }
        assertThat(checked).as("defaults checked").isGreaterThan(25);
    }

    private static Properties minimal() {
        Properties p = new Properties();
        p.setProperty("jdbcUrl", "jdbc:sqlite::memory:");
        p.setProperty("poolName", "defaults");
        return p;
    }
}
