package dev.cistern.spring.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cistern.PoolConfig;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
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

    private static String relaxed(String name) {
        return name.replace("-", "").toLowerCase(Locale.ROOT);
    }

    @Test
    void everyPoolPropertyIsListedInTheFormSpringBinds() throws Exception {
        Map<String, String> entries = poolEntries();
        Map<String, String> listed = new LinkedHashMap<>();
        entries.keySet().forEach(name -> listed.put(relaxed(name), name));
        for (String property : PoolConfig.propertyNames()) {
            assertThat(listed).as(property).containsKey(relaxed(property));
            assertThat(listed.get(relaxed(property))).as("kebab case").isLowerCase();
        }
        assertThat(entries).containsKey("data-source-properties");
        assertThat(entries).hasSize(PoolConfig.propertyNames().size() + 1);
    }

    @Test
    void theListedDefaultsAreThePoolsOwn() throws Exception {
        PoolConfig defaults = PoolConfig.builder().jdbcUrl("jdbc:sqlite::memory:").build();
        int checked = 0;
        for (Map.Entry<String, String> entry : poolEntries().entrySet()) {
            if (entry.getValue().isEmpty()) {
                continue;
            }
            Method accessor = PoolConfig.class.getMethod(accessorName(entry.getKey()));
            Object actual = accessor.invoke(defaults);
            String written = entry.getValue().replace("\"", "");
            if (actual instanceof Duration duration) {
                assertThat(duration).as(entry.getKey()).isEqualTo(parse(written));
            } else if (actual instanceof Double number) {
                assertThat(number).as(entry.getKey()).isEqualTo(Double.parseDouble(written));
            } else {
                assertThat(String.valueOf(actual)).as(entry.getKey()).isEqualTo(written);
            }
            checked++;
        }
        assertThat(checked).as("defaults checked").isGreaterThan(25);
    }

    /** {@code circuit-breaker.failure-threshold} is read by {@code circuitBreakerFailureThreshold()}. */
    private static String accessorName(String metadataName) {
        StringBuilder name = new StringBuilder();
        boolean upper = false;
        for (char c : metadataName.toCharArray()) {
            if (c == '-' || c == '.') {
                upper = true;
            } else {
                name.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return name.toString();
    }

    private static Duration parse(String text) {
        Matcher m = Pattern.compile("(\\d+)(ms|s|m|h|d)").matcher(text);
        assertThat(m.matches()).as(text).isTrue();
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}
