package dev.cistern.routing;

import dev.cistern.PoolConfig;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@link RoutingDataSource} from properties: {@code primary.*} (any pool property),
 * {@code replica.<n>.*} (any pool property, inheriting the primary's; plus {@code weight}) and
 * {@code routing.*}. An unknown key is an error naming it and what is allowed.
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
                routing.put(key.substring("routing.".length()), value.trim());
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
            builder.replica(config, weight == null ? 1 : whole("replica." + n + ".weight", weight));
        });
        routing.forEach((name, value) -> apply(builder, name, value));
        return builder.build();
    }

    private static void apply(RoutingDataSource.Builder b, String name, String value) {
        String key = "routing." + name;
        switch (name) {
            case "name": b.name(value); break;
            case "strategy": b.strategy(choice(key, value, ReplicaStrategy.class)); break;
            case "replicaFallback": b.replicaFallback(choice(key, value, ReplicaFallback.class)); break;
            case "consistency": b.consistency(choice(key, value, Consistency.class)); break;
            case "maxPrimaryReadShare": b.maxPrimaryReadShare(fraction(key, value)); break;
            case "maxReplicaLag": b.maxReplicaLag(duration(key, value)); break;
            case "replicaLagCheckInterval": b.replicaLagCheckInterval(duration(key, value)); break;
            case "causalReadTimeout": b.causalReadTimeout(duration(key, value)); break;
            case "replicaAcquireTimeout": b.replicaAcquireTimeout(duration(key, value)); break;
            default:
                throw new IllegalArgumentException("unknown routing property '" + key + "'; known: routing.name,"
                        + " routing.strategy, routing.replicaFallback, routing.maxPrimaryReadShare, routing.maxReplicaLag,"
                        + " routing.replicaLagCheckInterval, routing.consistency, routing.causalReadTimeout,"
                        + " routing.replicaAcquireTimeout");
        }
    }

    private static <E extends Enum<E>> E choice(String key, String value, Class<E> type) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " must be one of " + java.util.Arrays.toString(type.getEnumConstants())
                    + "; was '" + value + "'");
        }
    }

    private static double fraction(String key, String value) {
        try {
            return value.endsWith("%") ? Double.parseDouble(value.substring(0, value.length() - 1).trim()) / 100
                    : Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a fraction between 0 and 1 (or a percentage); was '"
                    + value + "'");
        }
    }

    private static int whole(String key, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number between 1 and 1000; was '" + value + "'");
        }
    }

    /** Milliseconds, or a number with a unit (ms, s, m, h), as the pool properties take them. */
    private static Duration duration(String key, String value) {
        Matcher m = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?").matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException(key + " must be a duration: milliseconds or a number with ms, s, m or h;"
                    + " was '" + value + "'");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        switch (unit) {
            case "s": return Duration.ofSeconds(n);
            case "m": return Duration.ofMinutes(n);
            case "h": return Duration.ofHours(n);
            default: return Duration.ofMillis(n);
        }
    }
}
