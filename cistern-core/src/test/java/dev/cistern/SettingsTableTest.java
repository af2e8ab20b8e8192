package dev.cistern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.cistern.settings.DocsTables;
import dev.cistern.settings.Kind;
import dev.cistern.settings.Setting;
import dev.cistern.testkit.stub.StubDatabase;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Walks the settings table: every setting has its default, its properties key, its range message, its copy,
 * its place in {@code toString}, its docs row, its Boot key, its typed one-liners and the runtime behaviour its
 * column promises. Adding a row without one of them, or a one-liner without a row, fails here.
 */
class SettingsTableTest {
    private static final String URL = "jdbc:stub:settings-table";
    private static final Path DOCS = Path.of("..", "docs", "configuration.md");

    /** A value each setting takes that is not its default, as a properties file writes it. */
    private static final Map<String, String> SAMPLE_TEXT = Map.ofEntries(
            Map.entry("jdbcUrl", "jdbc:stub:settings-sample"), Map.entry("driverClassName", "dev.cistern.testkit.stub.StubDriver"),
            Map.entry("dataSourceClassName", "org.sqlite.SQLiteDataSource"), Map.entry("dataSourceJNDI", "jdbc/none"),
            Map.entry("credentialsProvider", HikariPropertiesTest.FixedCredentials.class.getName()),
            Map.entry("exceptionOverrideClassName", HikariPropertiesTest.KeepAll.class.getName()),
            Map.entry("transactionIsolation", "TRANSACTION_SERIALIZABLE"), Map.entry("poolerMode", "TRANSACTION"),
            Map.entry("maximumPoolSize", "7"), Map.entry("minimumIdle", "3"), Map.entry("maxRetries", "4"),
            Map.entry("circuitBreaker.failureThreshold", "9"), Map.entry("metrics.window", "2m"),
            Map.entry("autoscale.scaleDownAt", "0.25"), Map.entry("retryBackoff", "20ms"),
            Map.entry("leakReclaimThreshold", "0"), Map.entry("validationTimeout", "4s"),
            Map.entry("autoscale.window", "40s"), Map.entry("autoscale.interval", "3s"),
            Map.entry("maxLifetimeVariance", "10%"), Map.entry("role", "replica"));

    private static String sampleText(Setting<?> s) {
        String text = SAMPLE_TEXT.get(s.key);
        if (text != null) {
            return text;
        }
        if (s.kind == Kind.FLAG) {
            return String.valueOf(!(Boolean) s.defaultValue);
        }
        if (s.kind == Kind.DURATION) {
            return "61234ms";
        }
        if (s.kind == Kind.FRACTION) {
            return "0.9";
        }
        return s.kind == Kind.WHOLE ? "2" : "sample-" + s.javaName();
    }

    private static Properties withUrl() {
        Properties p = new Properties();
        p.setProperty("jdbcUrl", URL);
        return p;
    }

    @Test
    void everySettingHasADefaultThatABuiltConfigurationHolds() {
        PoolConfig defaults = PoolConfig.builder().jdbcUrl(URL).build();
        for (Setting<?> s : Settings.all()) {
            Object value = defaults.get(s);
            if (s.isInputOnly()) {
                assertThat(value).as(s.key + " is resolved away when built").isNull();
            } else if (s.defaultText() == null) {
                assertThat(value).as(s.key).isEqualTo(s.key.equals("jdbcUrl") ? URL : s.defaultValue);
            } else {
                assertThat(s.defaultText()).as(s.key + "'s derived default is documented").isNotBlank();
            }
        }
        assertThat(defaults.minimumIdle()).isEqualTo(defaults.maximumPoolSize());
        assertThat(defaults.poolName()).startsWith("cistern-");
    }

    @Test
    void everyReadableSettingIsReadFromItsPropertiesKeyAndCopiedByToBuilder() {
        for (Setting<?> s : Settings.all()) {
            if (!s.readable() || s.isInputOnly() || s == Settings.JDBC_URL) {
                continue;
            }
            Properties p = withUrl();
            p.setProperty(s.key, sampleText(s));
            if (s == Settings.LEAK_RECLAIM_THRESHOLD) {
                p.setProperty("leakDetectionThreshold", "1s");
                p.setProperty(s.key, "2s");
            }
            if (s == Settings.CREDENTIALS_PROVIDER) {
                p.remove("username");
            }
            if (s == Settings.FLEET_NAME || s == Settings.ROLE) {
                p.setProperty("jdbcUrl", "jdbc:postgresql://127.0.0.1:1/fleet"); // a fleet (or a role) needs PostgreSQL
            }
            if (s == Settings.BUDGET_NAME) {
                p.setProperty("budget.connections", "3");
            }
            if (s == Settings.BUDGET_CONNECTIONS) {
                p.setProperty("budget.name", "tenants");
            }
            PoolConfig config = PoolConfig.fromProperties(p);
            Object expected = readSample(s, p.getProperty(s.key));
            assertThat(sameValue(config.get(s), expected)).as(s.key + " read from its key: " + config.get(s)).isTrue();
            assertThat(sameValue(config.toBuilder().build().get(s), config.get(s))).as(s.key + " copied by toBuilder").isTrue();
            if (s.alias() != null) {
                Properties aliased = withUrl();
                aliased.setProperty(s.alias(), sampleText(s));
                assertThat(sameValue(PoolConfig.fromProperties(aliased).get(s), expected)).as(s.alias()).isTrue();
            }
        }
    }

    private static <T> T readSample(Setting<T> s, String text) {
        return s.kind.read(s.key, text);
    }

    /** Equal values; objects made from a class name are equal when they are of the same class. */
    private static boolean sameValue(Object actual, Object expected) {
        if (expected instanceof CredentialsProvider || expected instanceof SQLExceptionOverride) {
            return actual != null && actual.getClass() == expected.getClass();
        }
        return java.util.Objects.equals(actual, expected);
    }

    @Test
    void everyRangeRefusesAValueOutsideItNamingTheSettingAndTheValue() {
        int ranged = 0;
        for (Setting<?> s : Settings.all()) {
            if (s.range() == Setting.Range.ANY) {
                continue;
            }
            List<Object> refused = new ArrayList<>();
            for (Object bad : new Object[] {-5, 1.5, Duration.ofMillis(-1), Duration.ofDays(400_000), 3, "not allowed!", null}) {
                try {
                    PoolConfig.builder().jdbcUrl(URL).set(cast(s), bad).build();
                } catch (InvalidSettingException e) {
                    if (!e.setting().equals(s.key)) {
                        continue; // refused by a rule tying it to another setting
                    }
                    assertThat(e.getMessage()).as(s.key).startsWith(s.key + " ").contains("; was ");
                    assertThat(e.setting()).isEqualTo(s.key);
                    assertThat(e.allowed()).as(s.key).isNotBlank();
                    refused.add(bad);
                } catch (ClassCastException wrongKind) {
                    // not a value of this setting's kind
                }
            }
            if (s.nullable()) {
                assertThat(refused).as(s.key + " refuses something").isNotEmpty();
            } else {
                assertThat(refused).as(s.key + " refuses null").contains((Object) null);
            }
            ranged++;
        }
        assertThat(ranged).as("settings with a range").isGreaterThan(25);
    }

    @SuppressWarnings("unchecked")
    private static Setting<Object> cast(Setting<?> s) {
        return (Setting<Object>) s;
    }

    @Test
    void toStringShowsEverySettingAndNoSecret() {
        PoolConfig config = PoolConfig.builder().jdbcUrl("jdbc:stub:x?password=hunter22").username("app")
                .password("hunter22").dataSourceProperty("sslpassword", "hunter22").dataSourceProperty("ssl", "true")
                .build();
        String shown = config.toString();
        for (Setting<?> s : Settings.all()) {
            if (!s.isInputOnly()) {
                assertThat(shown).as(s.key).contains(s.key.replace(".<name>", "Properties") + "=");
            }
        }
        assertThat(shown).doesNotContain("hunter22").contains("password=****").contains("ssl=true");
    }

    @Test
    void everySettingHasItsTypedOneLinersAndNoneIsWithoutARow() {
        Set<String> accessors = publicMethods(PoolConfig.class, 0);
        Set<String> builderMethods = publicMethods(PoolConfig.Builder.class, 1);
        Set<String> beanSetters = publicMethods(CisternDataSource.class, 1);
        for (Setting<?> s : Settings.all()) {
            String name = s.javaName();
            String capital = Names.capitalized(name);
            if (!s.isInputOnly()) {
                assertThat(accessors).as("PoolConfig." + name + "()").contains(name);
            }
            String adder = s == Settings.LISTENERS ? "listener" : name;
            assertThat(builderMethods).as("Builder." + adder).contains(adder);
            assertThat(beanSetters).as("set" + capital).contains(s == Settings.LISTENERS ? "addListener" : "set" + capital);
        }
        Set<String> rows = Settings.all().stream().map(s -> s.javaName()).collect(Collectors.toSet());
        Set<String> notSettings = Set.of("toBuilder", "toString", "hashCode", "getClass", "dataSourceProperty");
        for (String accessor : accessors) {
            if (!notSettings.contains(accessor)) {
                assertThat(rows).as(accessor + "() has a row in the table").contains(accessor);
            }
        }
    }

    private static Set<String> publicMethods(Class<?> type, int parameters) {
        return Arrays.stream(type.getMethods()).filter(m -> m.getParameterCount() == parameters)
                .filter(m -> !java.lang.reflect.Modifier.isStatic(m.getModifiers()))
                .filter(m -> m.getDeclaringClass() != Object.class).map(Method::getName).collect(Collectors.toSet());
    }

    /** The accessor's javadoc is the table's one-line doc (javadoc cannot read the table, so this keeps them equal). */
    @Test
    void eachAccessorsJavadocIsTheTablesDoc() throws Exception {
        String source = Files.readString(Path.of("src/main/java/dev/cistern/PoolConfig.java"), StandardCharsets.UTF_8);
        for (Setting<?> s : Settings.all()) {
            if (s.isInputOnly()) {
                continue;
            }
            Matcher m = Pattern.compile("/\\*\\* \\{@return (.+?)\\} \\*/\\s+public \\S+ " + s.javaName() + "\\(\\)")
                    .matcher(source);
            assertThat(m.find()).as("javadoc of " + s.javaName() + "()").isTrue();
            String doc = s.doc.replace("<", "&lt;").replace(">", "&gt;");
            assertThat(m.group(1).replace("a copy of the ", "")).as(s.javaName()).isEqualTo(doc);
        }
    }

    @Test
    void theDocsTablesAreGeneratedFromTheTable() throws Exception {
        DocsTables.assertGenerated(DOCS, SettingsExport.markdownTables());
    }

    @Test
    void bootMetadataNamesEveryReadableSettingWithItsTypeAndDefault() {
        String metadata = SettingsExport.bootMetadata(null);
        for (String key : PoolConfig.propertyNames()) {
            assertThat(metadata).as(key).contains("\"name\": \"spring.datasource.cistern." + SettingsExport.bootName(key) + "\"");
        }
        assertThat(metadata).contains("\"name\": \"spring.datasource.cistern.data-source-properties\"")
                .contains("\"name\": \"spring.datasource.cistern.circuit-breaker.failure-threshold\",\n"
                        + "      \"type\": \"java.lang.Integer\"")
                .contains("\"defaultValue\": \"30s\"");
    }

    /** The runtime column is what a running pool does: FIXED ones are refused naming them, the others applied. */
    @Test
    void theRuntimeColumnIsWhatARunningPoolDoes() throws Exception {
        StubDatabase db = StubDatabase.create();
        try (CisternDataSource ds = new CisternDataSource(StubPools.config(db).username("app").password("pw")
                .leakDetectionThreshold(Duration.ofSeconds(5)).build())) {
            for (Setting<?> s : Settings.all()) {
                Object sample = sampleFor(s);
                if (s.runtime() == Setting.Runtime.FIXED) {
                    assertThatThrownBy(() -> ds.set(cast(s), sample)).as(s.key).isInstanceOf(IllegalStateException.class)
                            .hasMessageStartingWith(s.key + " cannot change once the pool has started");
                } else {
                    ds.set(cast(s), sample);
                    assertThat(ds.config().get(s)).as(s.key + " changed on the running pool").isEqualTo(sample);
                }
            }
            try (Connection c = ds.getConnection()) {
                assertThat(c.isValid(1)).isTrue();
            }
        }
    }

    private static Object sampleFor(Setting<?> s) {
        if (s == Settings.LEAK_DETECTION_THRESHOLD || s == Settings.LEAK_RECLAIM_THRESHOLD) {
            return Duration.ofSeconds(s == Settings.LEAK_DETECTION_THRESHOLD ? 3 : 6);
        }
        if (s == Settings.MINIMUM_IDLE) {
            return 1;
        }
        return s.readable() ? s.kind.read(s.key, sampleText(s)) : null;
    }
}
