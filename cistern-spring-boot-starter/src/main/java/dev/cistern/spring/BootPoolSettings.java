package dev.cistern.spring;

import dev.cistern.InvalidSettingException;
import dev.cistern.PoolConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.jdbc.EmbeddedDatabaseConnection;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Reads a pool's configuration from a Spring environment, in this order, later ones winning:
 * <ol>
 *   <li>the properties file the system property {@code cistern.configurationFile} or
 *       {@code hikaricp.configurationFile} names, if set (HikariCP's data source reads the latter too);</li>
 *   <li>{@code spring.datasource.url}, {@code .username}, {@code .password}, {@code .driver-class-name} and
 *       {@code .name} (the pool's name), as every Boot pool reads them;</li>
 *   <li>{@code spring.datasource.hikari.*}, so an application moving from HikariCP keeps its settings
 *       (HikariCP's keys mean the same here, or are explained: see docs/migrating-from-hikaricp.md);</li>
 *   <li>{@code spring.datasource.cistern.*}: every Cistern property, in any form Spring's relaxed binding
 *       allows ({@code maximum-pool-size}, {@code circuit-breaker.enabled}, {@code data-source-properties.X}).</li>
 * </ol>
 * An unknown key in the two sections is one warning naming the closest known key, and is skipped, as Boot
 * skips unknown keys and HikariCP under Boot does; {@code cistern.fail-on-unknown-properties=true} makes it fail
 * the start instead. A bad value fails the start as a {@link PoolPropertyException} naming the Spring property,
 * which {@link PoolPropertyFailureAnalyzer} explains. When Micrometer is on the class path (and not turned off
 * for Cistern), {@code metrics.latency} defaults to true, so the acquire, usage and creation timers HikariCP's
 * meters include are there too.
 */
final class BootPoolSettings {
    private static final Logger log = LoggerFactory.getLogger(BootPoolSettings.class);
    static final String CISTERN_PREFIX = "spring.datasource.cistern";
    static final String HIKARI_PREFIX = "spring.datasource.hikari";
    static final String STRICT_PROPERTY = "cistern.fail-on-unknown-properties";

    /** The pool's properties, and the Spring property each came from (by the table's key), for errors. */
    private final Properties properties = new Properties();
    private final Map<String, String> springNames = new LinkedHashMap<>();
    private final boolean strict;

    private BootPoolSettings(boolean strict) {
        this.strict = strict;
    }

    static PoolConfig read(Environment environment, ClassLoader classLoader) {
        Binder binder = Binder.get(environment);
        BootPoolSettings settings = new BootPoolSettings(
                binder.bind(STRICT_PROPERTY, Boolean.class).orElse(false));
        settings.readFile(environment);
        settings.copy(binder, "spring.datasource.url", "jdbcUrl");
        settings.copy(binder, "spring.datasource.username", "username");
        settings.copy(binder, "spring.datasource.password", "password");
        settings.copy(binder, "spring.datasource.driver-class-name", "driverClassName");
        settings.copy(binder, "spring.datasource.name", "poolName");
        int fromHikari = settings.section(binder, HIKARI_PREFIX);
        if (fromHikari > 0) {
            log.info("Cistern reads {} setting(s) from {}.* (HikariCP's names; {}.* wins where both are set)",
                    fromHikari, HIKARI_PREFIX, CISTERN_PREFIX);
        }
        settings.section(binder, CISTERN_PREFIX);
        if (!settings.springNames.containsKey("metrics.latency") && micrometerBound(environment, classLoader)) {
            settings.properties.setProperty("metrics.latency", "true");
        }
        if (!settings.namesAConnectionSource()) {
            String embedded = embeddedUrl(classLoader);
            if (embedded == null) {
                throw new PoolPropertyException("spring.datasource.url", "Cistern has no database to connect to: set"
                        + " spring.datasource.url (or " + CISTERN_PREFIX + ".jdbc-url, .data-source-class-name or"
                        + " .data-source-jndi), or put an embedded database (H2, HSQLDB, Derby) on the class path",
                        "Set spring.datasource.url to your database's JDBC URL.", null);
            }
            settings.properties.setProperty("jdbcUrl", embedded);
        }
        return settings.build();
    }

    private PoolConfig build() {
        try {
            return PoolConfig.fromProperties(properties);
        } catch (InvalidSettingException e) {
            String springName = springNames.getOrDefault(e.setting(), CISTERN_PREFIX + "." + kebab(e.setting()));
            throw new PoolPropertyException(springName, springName + ": " + e.getMessage(),
                    "Set " + springName + " to a value in the allowed range (" + e.allowed()
                            + "); docs/configuration.md describes every setting.", e);
        } catch (IllegalArgumentException e) {
            throw new PoolPropertyException("spring.datasource", "spring.datasource (" + CISTERN_PREFIX + ".*, "
                    + HIKARI_PREFIX + ".*): " + e.getMessage(), "Correct the setting named above.", e);
        }
    }

    /** Under the setting's own key, so a later layer replaces an earlier one however each spelt it. */
    private void put(String poolName, String value, String springName) {
        String key = PoolConfig.propertyKey(poolName);
        properties.setProperty(key != null ? key : poolName, value);
        if (key != null) {
            springNames.put(key, springName);
        }
    }

    private void copy(Binder binder, String springName, String poolName) {
        binder.bind(springName, String.class).ifBound(value -> put(poolName, value, springName));
    }

    /**
     * Every key under the prefix, as written (Spring's relaxed forms are resolved by PoolConfig); unknown keys are
     * warned about and skipped, or refused when strict. {@return how many were taken}
     */
    private int section(Binder binder, String prefix) {
        Map<String, String> section = binder.bind(prefix, Bindable.mapOf(String.class, String.class)).orElse(Map.of());
        int taken = 0;
        for (Map.Entry<String, String> entry : section.entrySet()) {
            String springName = prefix + "." + entry.getKey();
            String problem = PoolConfig.unknownPropertyProblem(entry.getKey());
            if (problem == null) {
                put(entry.getKey(), entry.getValue(), springName);
                taken++;
            } else if (strict) {
                throw new PoolPropertyException(springName, springName + ": " + problem,
                        "Correct or remove " + springName + " (" + STRICT_PROPERTY + "=true makes unknown keys fail"
                                + " the start).", null);
            } else {
                log.warn("{} is skipped: {} ({}=true makes this fail the start)", springName, problem, STRICT_PROPERTY);
            }
        }
        return taken;
    }

    /** HikariCP's {@code new HikariConfig()} reads this file first; so does Cistern, under Boot as without. */
    private void readFile(Environment environment) {
        String file = environment.getProperty("cistern.configurationFile",
                environment.getProperty("hikaricp.configurationFile", ""));
        if (file.isBlank()) {
            return;
        }
        Properties fromFile = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(file.trim()))) {
            fromFile.load(in);
        } catch (IOException | RuntimeException e) {
            throw new PoolPropertyException("hikaricp.configurationFile", "pool configuration file '" + file.trim()
                    + "' could not be read: " + e, "Point the system property at a readable properties file.", e);
        }
        for (String name : fromFile.stringPropertyNames()) {
            put(name, fromFile.getProperty(name), file.trim() + " (" + name + ")");
        }
    }

    private static boolean micrometerBound(Environment environment, ClassLoader classLoader) {
        return ClassUtils.isPresent("io.micrometer.core.instrument.MeterRegistry", classLoader)
                && environment.getProperty("cistern.micrometer.enabled", Boolean.class, true);
    }

    private boolean namesAConnectionSource() {
        return springNames.containsKey("jdbcUrl") || springNames.containsKey("dataSourceClassName")
                || springNames.containsKey("dataSourceJNDI");
    }

    /** Boot's own choice when no URL is set: an embedded database on the class path, under a fresh name. */
    private static String embeddedUrl(ClassLoader classLoader) {
        EmbeddedDatabaseConnection embedded = EmbeddedDatabaseConnection.get(classLoader);
        return embedded == EmbeddedDatabaseConnection.NONE ? null : embedded.getUrl(UUID.randomUUID().toString());
    }

    /** {@code circuitBreaker.openDuration} as Boot writes it: {@code circuit-breaker.open-duration}. */
    static String kebab(String key) {
        return key.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
