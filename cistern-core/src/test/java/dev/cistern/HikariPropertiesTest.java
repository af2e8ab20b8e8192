package dev.cistern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cistern.testkit.stub.StubDataSource;
import dev.cistern.testkit.stub.StubDatabase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.naming.Context;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every key HikariCP 7.1's {@code HikariConfig} accepts, read from a properties file one at a time: each is
 * honoured with HikariCP's meaning, or accepted with a warning that names Cistern's way, or refused with an
 * error that says what to use instead. The keys and expectations are test data
 * ({@code hikaricp-7.1-keys.tsv}); the starter's tests check that list against HikariCP's own class.
 */
class HikariPropertiesTest {
    private static final String BASE_URL = "jdbc:sqlite::memory:";

    /** A credentials provider as an application would name it by class. */
    public static final class FixedCredentials implements CredentialsProvider {
        @Override
        public Credentials credentials() {
            return new Credentials("app", "from-provider");
        }
    }

    /** An exception override as an application would name it by class. */
    public static final class KeepAll implements SQLExceptionOverride {
        @Override
        public Decision decide(SQLException e) {
            return Decision.KEEP;
        }
    }

    /** One line of the test data. */
    record Key(String name, String value, String outcome, boolean alone) {
    }

    static List<Key> hikariKeys() throws IOException {
        List<Key> keys = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                HikariPropertiesTest.class.getResourceAsStream("/hikaricp-7.1-keys.tsv"), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                keys.add(new Key(f[0], f[1], f[2], f.length > 3 && f[3].equals("alone")));
            }
        }
        return keys;
    }

    @BeforeEach
    void bindADataSourceForDataSourceJndi() {
        System.setProperty(Context.INITIAL_CONTEXT_FACTORY, DataSourceJndiTest.Names.class.getName());
        DataSourceJndiTest.BOUND.put("jdbc/keys", new StubDataSource(StubDatabase.create()));
    }

    @AfterEach
    void unbind() {
        System.clearProperty(Context.INITIAL_CONTEXT_FACTORY);
        DataSourceJndiTest.BOUND.clear();
    }

    @Test
    void everyHikariCpKeyIsHonouredOrExplained() throws Exception {
        List<Key> keys = hikariKeys();
        assertThat(keys).as("the test data").hasSizeGreaterThan(35);
        for (Key key : keys) {
            Properties p = new Properties();
            if (!key.alone()) {
                p.setProperty("jdbcUrl", BASE_URL);
            }
            p.setProperty(key.name(), key.value());
            String outcome = key.outcome();
            if (outcome.equals("refused")) {
                assertThatThrownBy(() -> PoolConfig.fromProperties(p)).as(key.name())
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageStartingWith(key.name() + " takes a Java object")
                        .hasMessageContaining(HikariOnlyKeys.objectOnly(key.name()));
            } else if (outcome.equals("warned")) {
                assertThat(HikariOnlyKeys.insteadOf(key.name(), key.value())).as(key.name()).isNotBlank();
                PoolConfig config = PoolConfig.fromProperties(p);
                assertThat(config.jdbcUrl()).as("the rest of the file still applies").isEqualTo(BASE_URL);
            } else {
                assertHonoured(key, PoolConfig.fromProperties(p));
            }
        }
    }

    private static void assertHonoured(Key key, PoolConfig config) throws Exception {
        String[] expectation = key.outcome().split("=", 2);
        Object actual;
        if (expectation[0].startsWith("dataSourceProperty:")) {
            actual = config.dataSourceProperties().getProperty(expectation[0].substring("dataSourceProperty:".length()));
        } else {
            actual = PoolConfig.class.getMethod(expectation[0]).invoke(config);
        }
        String expected = expectation[1];
        if (expected.startsWith("class:")) {
            assertThat(actual).as(key.name()).isNotNull();
            assertThat(actual.getClass().getName()).as(key.name()).isEqualTo(expected.substring("class:".length()));
        } else {
            assertThat(String.valueOf(actual)).as(key.name()).isEqualTo(expected);
        }
    }

    /** The whole file at once, as a HikariCP user's file would hold several: the usual keys together. */
    @Test
    void aTypicalHikariCpFileLoadsUnchanged() {
        Properties p = new Properties();
        p.setProperty("jdbcUrl", "jdbc:sqlite:orders.db");
        p.setProperty("username", "app");
        p.setProperty("password", "s3cret");
        p.setProperty("poolName", "Orders Pool");
        p.setProperty("maximumPoolSize", "20");
        p.setProperty("minimumIdle", "30");
        p.setProperty("connectionTimeout", "30000");
        p.setProperty("idleTimeout", "600000");
        p.setProperty("maxLifetime", "1800000");
        p.setProperty("leakDetectionThreshold", "60000");
        p.setProperty("isolateInternalQueries", "false");
        p.setProperty("metricRegistry", "ignored");
        p.setProperty("dataSource.cachePrepStmts", "true");
        PoolConfig config = PoolConfig.fromProperties(p);
        assertThat(config.poolName()).isEqualTo("Orders Pool");
        assertThat(config.minimumIdle()).as("clamped to the maximum, as HikariCP does").isEqualTo(20);
        assertThat(config.toString()).doesNotContain("s3cret");
    }

    /** As Spring's relaxed binding and environment variables give names: kebab case, upper case, no separators. */
    @Test
    void namesWrittenTheRelaxedWayMeanTheSameSetting() {
        Properties p = new Properties();
        p.setProperty("jdbc-url", BASE_URL);
        p.setProperty("maximum-pool-size", "7");
        p.setProperty("CONNECTIONTIMEOUT", "2s");
        p.setProperty("circuit-breaker.failure-threshold", "9");
        p.setProperty("METRICS.LATENCY", "true");
        p.setProperty("data-source-properties.cachePrepStmts", "true");
        p.setProperty("data-source.sslMode", "require");
        p.setProperty("isolate-internal-queries", "true");
        p.setProperty("health-check-properties.connectivityCheckTimeoutMs", "1000");
        PoolConfig config = PoolConfig.fromProperties(p);
        assertThat(config.jdbcUrl()).isEqualTo(BASE_URL);
        assertThat(config.maximumPoolSize()).isEqualTo(7);
        assertThat(config.connectionTimeout()).hasSeconds(2);
        assertThat(config.circuitBreakerFailureThreshold()).isEqualTo(9);
        assertThat(config.metricsLatency()).isTrue();
        assertThat(config.dataSourceProperties()).containsEntry("cachePrepStmts", "true").containsEntry("sslMode", "require");
        p.setProperty("maximum-pool-sise", "7");
        assertThatThrownBy(() -> PoolConfig.fromProperties(p)).hasMessageStartingWith("unknown pool property 'maximum-pool-sise'");
    }

    @Test
    void aClassThatIsNoOverrideIsRefusedByName() {
        Properties p = new Properties();
        p.setProperty("jdbcUrl", BASE_URL);
        p.setProperty("exceptionOverrideClassName", "java.lang.Object");
        assertThatThrownBy(() -> PoolConfig.fromProperties(p))
                .hasMessage("exceptionOverrideClassName 'java.lang.Object' does not implement dev.cistern.SQLExceptionOverride");
    }

    /** HikariCP's two habits: {@code new HikariConfig(fileName)}, and the system property its no-arg constructor reads. */
    @Test
    void aHikariCpFileLoadsByPathAndThroughTheSystemProperty(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hikari.properties");
        Files.writeString(file, "jdbcUrl=" + BASE_URL + "\nmaximumPoolSize=6\npoolName=From File\n");
        PoolConfig fromPath = PoolConfig.fromFile(file);
        assertThat(fromPath.maximumPoolSize()).isEqualTo(6);
        assertThat(fromPath.minimumIdle()).as("derived from the file's maximum").isEqualTo(6);

        assertThatThrownBy(() -> PoolConfig.fromFile(dir.resolve("missing.properties")))
                .hasMessageStartingWith("pool configuration file '" + dir.resolve("missing.properties") + "' could not be read");

        System.setProperty("hikaricp.configurationFile", file.toString());
        try (CisternDataSource bean = new CisternDataSource()) {
            assertThat(bean.getPoolName()).isEqualTo("From File");
            bean.setMaximumPoolSize(9);
            assertThat(bean.getMaximumPoolSize()).as("a setter changes what the file gave").isEqualTo(9);
            assertThat(bean.getMinimumIdle()).as("derived afresh, not frozen at the file's 6").isEqualTo(9);
            assertThat(bean.getJdbcUrl()).isEqualTo(BASE_URL);
            try (java.sql.Connection c = bean.getConnection()) {
                assertThat(bean.config().minimumIdle()).as("and so the started pool").isEqualTo(9);
            }
        } finally {
            System.clearProperty("hikaricp.configurationFile");
        }
        System.setProperty("cistern.configurationFile", dir.resolve("missing.properties").toString());
        try {
            assertThatThrownBy(CisternDataSource::new).hasMessageContaining("missing.properties' could not be read");
        } finally {
            System.clearProperty("cistern.configurationFile");
        }
    }

    @Test
    void anySpellingMapsToTheKeyErrorsName() {
        assertThat(PoolConfig.propertyKey("maximum-pool-size")).isEqualTo("maximumPoolSize");
        assertThat(PoolConfig.propertyKey("CIRCUIT_BREAKER.FAILURE_THRESHOLD")).isEqualTo("circuitBreaker.failureThreshold");
        assertThat(PoolConfig.propertyKey("credentials-provider-class-name")).as("an alias").isEqualTo("credentialsProvider");
        assertThat(PoolConfig.propertyKey("data-source.sslMode")).isNull();
        assertThat(PoolConfig.propertyKey("isolate-internal-queries")).as("HikariCP-only: no setting of ours").isNull();
        assertThat(PoolConfig.propertyKey("maximum-pool-sise")).isNull();
    }
}
