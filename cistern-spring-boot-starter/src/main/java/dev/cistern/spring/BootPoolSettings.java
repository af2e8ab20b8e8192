package dev.cistern.spring;

import dev.cistern.PoolConfig;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.jdbc.EmbeddedDatabaseConnection;
import org.springframework.core.env.Environment;

/**
 * Reads a pool's configuration from a Spring environment, in this order, later ones winning:
 * <ol>
 *   <li>{@code spring.datasource.url}, {@code .username}, {@code .password}, {@code .driver-class-name} and
 *       {@code .name} (the pool's name), as every Boot pool reads them;</li>
 *   <li>{@code spring.datasource.hikari.*}, so an application moving from HikariCP keeps its settings
 *       (HikariCP's keys mean the same here, or are explained: see docs/migrating-from-hikaricp.md);</li>
 *   <li>{@code spring.datasource.cistern.*}: every Cistern property, in any form Spring's relaxed binding
 *       allows ({@code maximum-pool-size}, {@code circuit-breaker.enabled}, {@code data-source-properties.X}).</li>
 * </ol>
 * The values are checked by {@link PoolConfig#fromProperties}, so a bad one fails the start with the
 * property named and its allowed range; the error says which Spring prefix it came from.
 */
final class BootPoolSettings {
    private static final Logger log = LoggerFactory.getLogger(BootPoolSettings.class);
    static final String CISTERN_PREFIX = "spring.datasource.cistern";
    static final String HIKARI_PREFIX = "spring.datasource.hikari";

    private BootPoolSettings() {
    }

    static PoolConfig read(Environment environment, ClassLoader classLoader) {
        Binder binder = Binder.get(environment);
        Properties properties = new Properties();
        copy(binder, "spring.datasource.url", "jdbcUrl", properties);
        copy(binder, "spring.datasource.username", "username", properties);
        copy(binder, "spring.datasource.password", "password", properties);
        copy(binder, "spring.datasource.driver-class-name", "driverClassName", properties);
        copy(binder, "spring.datasource.name", "poolName", properties);
        Map<String, String> hikari = section(binder, HIKARI_PREFIX);
        if (!hikari.isEmpty()) {
            log.info("Cistern reads {} setting(s) from {}.* (HikariCP's names; {}.* wins where both are set)",
                    hikari.size(), HIKARI_PREFIX, CISTERN_PREFIX);
        }
        properties.putAll(hikari);
        properties.putAll(section(binder, CISTERN_PREFIX));
        if (!namesAConnectionSource(properties)) {
            String embedded = embeddedUrl(classLoader);
            if (embedded == null) {
                throw new IllegalStateException("Cistern has no database to connect to: set spring.datasource.url"
                        + " (or " + CISTERN_PREFIX + ".jdbc-url, .data-source-class-name or .data-source-jndi),"
                        + " or put an embedded database (H2, HSQLDB, Derby) on the class path");
            }
            properties.setProperty("jdbcUrl", embedded);
        }
        try {
            return PoolConfig.fromProperties(properties);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("spring.datasource (" + CISTERN_PREFIX + ".*, " + HIKARI_PREFIX
                    + ".*): " + e.getMessage(), e);
        }
    }

    private static void copy(Binder binder, String springName, String poolName, Properties into) {
        binder.bind(springName, String.class).ifBound(value -> into.setProperty(poolName, value));
    }

    /** Every key under the prefix, as written (Spring's relaxed forms are resolved by PoolConfig). */
    private static Map<String, String> section(Binder binder, String prefix) {
        return binder.bind(prefix, Bindable.mapOf(String.class, String.class)).orElse(Map.of());
    }

    private static boolean namesAConnectionSource(Properties properties) {
        for (String name : properties.stringPropertyNames()) {
            String relaxed = name.replace("-", "").toLowerCase(java.util.Locale.ROOT);
            if (relaxed.equals("jdbcurl") || relaxed.equals("datasourceclassname") || relaxed.equals("datasourcejndi")) {
                return true;
            }
        }
        return false;
    }

    /** Boot's own choice when no URL is set: an embedded database on the class path, under a fresh name. */
    private static String embeddedUrl(ClassLoader classLoader) {
        EmbeddedDatabaseConnection embedded = EmbeddedDatabaseConnection.get(classLoader);
        return embedded == EmbeddedDatabaseConnection.NONE ? null : embedded.getUrl(UUID.randomUUID().toString());
    }
}
