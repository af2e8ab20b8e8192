package dev.cistern.routing;

import dev.cistern.PoolConfig;
import dev.cistern.settings.Kind;
import dev.cistern.settings.Setting;
import dev.cistern.settings.SettingTable;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@link RoutingDataSource} from properties: {@code primary.*} (any pool property),
 * {@code replica.<n>.*} (any pool property, inheriting the primary's; plus {@code weight}) and
 * {@code routing.*} (the routing settings table's keys, in any spelling it matches). An unknown key is an
 * error naming it and the closest known one.
 */
final class RoutingProperties {
    private static final Pattern REPLICA = Pattern.compile("replica\\.(\\d+)\\.(.+)");

    private RoutingProperties() {
    }

    static RoutingDataSource read(Properties properties) {
        Objects.requireNonNull(properties, "properties");
        Properties primary = new Properties();
        Map<Integer, Properties> replicas = new TreeMap<>();
        Map<String, String> routing = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            String value = properties.getProperty(key);
            Matcher replica = REPLICA.matcher(key);
            if (key.startsWith("primary.")) {
                primary.setProperty(key.substring("primary.".length()), value);
            } else if (replica.matches()) {
                replicas.computeIfAbsent(Integer.parseInt(replica.group(1)), n -> new Properties())
                        .setProperty(replica.group(2), value);
            } else if (key.startsWith("routing.")) {
                routing.put(key, value.trim());
            } else {
                throw new IllegalArgumentException("unknown routing property '" + key + "': keys start with primary.,"
                        + " replica.<n>. or routing.");
            }
        }
        if (primary.isEmpty()) {
            throw new IllegalArgumentException("primary.jdbcUrl (or another primary.* source) is required");
        }
        if (replicas.isEmpty()) {
            throw new IllegalArgumentException("at least one replica is required: replica.1.jdbcUrl=...");
        }
        PoolConfig primaryConfig = PoolConfig.fromProperties(primary);
        RoutingDataSource.Builder builder = RoutingDataSource.builder().primary(primaryConfig);
        String primaryName = primaryConfig.poolName();
        replicas.forEach((n, own) -> {
            String weight = own.getProperty("weight");
            own.remove("weight");
            Properties merged = new Properties();
            merged.putAll(primary);
            merged.setProperty("poolName", primaryName + "-replica-" + n);
            merged.putAll(own);
            PoolConfig config;
            try {
                config = PoolConfig.fromProperties(merged);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("replica." + n + ": " + e.getMessage(), e);
            }
            builder.replica(config, weight == null ? 1 : Kind.WHOLE.read("replica." + n + ".weight", weight.trim()));
        });
        routing.forEach((key, value) -> set(builder, key, value));
        return builder.build();
    }

    private static void set(RoutingDataSource.Builder builder, String key, String value) {
        Setting<?> row = RoutingSettings.table().find(key);
        if (row == null || row.isInputOnly()) {
            String closest = SettingTable.closest(key, RoutingSettings.all().stream().filter(r -> !r.isInputOnly())
                    .map(r -> r.key).toList());
            throw new IllegalArgumentException("unknown routing property '" + key + "'" + (closest != null
                    ? "; did you mean '" + closest + "'?" : " (docs/routing.md lists them)"));
        }
        read(builder, row, RoutingSettings.table().spelling(key), value);
    }

    private static <T> void read(RoutingDataSource.Builder builder, Setting<T> row, String key, String value) {
        builder.set(row, row.kind.read(key, value));
    }
}
