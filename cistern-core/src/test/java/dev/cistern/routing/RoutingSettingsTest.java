package dev.cistern.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cistern.InvalidSettingException;
import dev.cistern.settings.DocsTables;
import dev.cistern.settings.Kind;
import dev.cistern.settings.Setting;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Walks routing's settings table: every row has its builder method, is read from properties in the docs' and
 * Spring's spellings, refuses a value out of its range naming itself, shows in {@code toString}, and has its row in
 * docs/routing.md, generated. A row added without one of these fails here.
 */
class RoutingSettingsTest {
    /** A value each row takes that is not its default. */
    private static Object sample(Setting<?> s) {
        if (s.kind == Kind.DURATION) {
            return Duration.ofSeconds(7);
        }
        if (s.kind == Kind.FRACTION) {
            return 0.3;
        }
        if (s.kind == Kind.TEXT) {
            return "reads";
        }
        if (s.kind == Kind.FLAG) {
            return !(Boolean) s.defaultValue;
        }
        Object[] constants = ((Enum<?>) s.defaultValue).getDeclaringClass().getEnumConstants();
        return Arrays.stream(constants).filter(c -> c != s.defaultValue).findFirst().orElseThrow();
    }

    private static String text(Object value) {
        return value instanceof Duration ? ((Duration) value).toMillis() + "ms" : String.valueOf(value);
    }

    @Test
    void everyRowHasItsBuilderMethodAndIsCheckedAndShown() throws Exception {
        for (Setting<?> s : RoutingSettings.all()) {
            if (s.isInputOnly()) {
                continue;
            }
            Object value = sample(s);
            String method = s.key.substring("routing.".length());
            Class<?> type = value instanceof Double ? double.class : value instanceof Boolean ? boolean.class
                    : value.getClass().isEnum()
                    ? ((Enum<?>) value).getDeclaringClass() : value.getClass();
            Method setter = RoutingDataSource.Builder.class.getMethod(method, type);
            RoutingDataSource.Builder builder = RoutingDataSource.builder();
            setter.invoke(builder, value);
            RoutingSettings settings = builder.settings();
            assertThat((Object) settings.get(s)).as(s.key + " set by " + method + "()").isEqualTo(value);
            assertThat(settings.toString()).as("toString").contains(s.key + "=");
            assertThat(RoutingDataSource.builder().settings().toString()).contains(s.key + "=" + shown(s, s.defaultValue));
        }
    }

    @Test
    void everyRowIsReadInTheDocsAndSpringSpellings() {
        for (Setting<?> s : RoutingSettings.all()) {
            if (s.isInputOnly()) {
                continue;
            }
            for (String written : List.of(s.key.toLowerCase(Locale.ROOT), s.key.toUpperCase(Locale.ROOT))) {
                assertThat(RoutingSettings.table().find(written)).as(written).isSameAs(s);
                assertThat(RoutingSettings.table().spelling(written)).isEqualTo(s.key);
            }
            Object value = sample(s);
            assertThat(s.kind.read(s.key, text(value))).as(s.key + " read").isEqualTo(value);
        }
    }

    @Test
    void springsKebabCaseFindsTheRow() {
        assertThat(RoutingSettings.table().find("routing.max-replica-lag")).isSameAs(RoutingSettings.MAX_REPLICA_LAG);
        assertThat(RoutingSettings.table().find("routing.replica_lag_check_interval"))
                .isSameAs(RoutingSettings.LAG_CHECK_INTERVAL);
        assertThat(RoutingSettings.table().find("routing.lag")).isNull();
    }

    @Test
    void outOfRangeValuesAreRefusedNamingTheRowAndTheRange() {
        Object[][] bad = {{RoutingSettings.MAX_PRIMARY_READ_SHARE, 1.5}, {RoutingSettings.MAX_PRIMARY_READ_SHARE, -0.1},
            {RoutingSettings.MAX_REPLICA_LAG, Duration.ZERO}, {RoutingSettings.LAG_CHECK_INTERVAL, Duration.ofMillis(9)},
            {RoutingSettings.CAUSAL_READ_TIMEOUT, Duration.ofMillis(-1)}, {RoutingSettings.REPLICA_ACQUIRE_TIMEOUT, Duration.ZERO},
            {RoutingSettings.STRATEGY, null}, {RoutingSettings.FALLBACK, null}, {RoutingSettings.CONSISTENCY, null}};
        for (Object[] pair : bad) {
            Setting<?> s = (Setting<?>) pair[0];
            Object[] values = RoutingSettings.defaults();
            values[s.index] = pair[1];
            assertThatThrownBy(() -> new RoutingSettings(values)).as(s.key + "=" + pair[1])
                    .isInstanceOf(InvalidSettingException.class).hasMessageStartingWith(s.key + " must ")
                    .hasMessageEndingWith("; was " + (pair[1] == null ? "null" : shown(s, pair[1])));
        }
        assertThatThrownBy(() -> RoutingDataSource.builder().primary(dev.cistern.PoolConfig.builder()
                .jdbcUrl("jdbc:stub:p").build()).replica(b -> b.jdbcUrl("jdbc:stub:r"), 0).build())
                .hasMessage("replica.1.weight must be between 1 and 1000; was 0");
    }

    @Test
    void docsRoutingTableIsGeneratedFromTheTable() throws Exception {
        DocsTables.assertGenerated(Path.of("..", "docs", "routing.md"),
                dev.cistern.settings.SettingDocs.markdownTables(RoutingSettings.all()));
    }

    @SuppressWarnings("unchecked")
    private static <T> String shown(Setting<T> s, Object value) {
        return s.kind.format((T) value);
    }
}
