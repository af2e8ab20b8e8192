package dev.cistern.routing;

import static dev.cistern.settings.Setting.Range.atLeast;
import static dev.cistern.settings.Setting.Range.between;
import static dev.cistern.settings.Setting.Range.fraction;
import static dev.cistern.settings.Setting.Range.oneOf;
import static dev.cistern.settings.Setting.Range.positive;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;

import dev.cistern.settings.Kind;
import dev.cistern.settings.Setting;
import dev.cistern.settings.SettingTable;
import java.time.Duration;
import java.util.List;

/**
 * Routing's settings table (the pool's is {@code dev.cistern.Settings}; both are {@link SettingTable}s, so a
 * routing setting is read, checked, shown and documented exactly as a pool setting is), and the checked values
 * of one {@link RoutingDataSource}. docs/routing.md's table is generated from these rows.
 */
final class RoutingSettings {
    private static final SettingTable TABLE = new SettingTable();

    static { TABLE.section("Routing"); }
    static final Setting<String> NAME = TABLE.add("routing.name", Kind.TEXT, null,
            "names the data source in logs, thread names and JMX").derivedDefault("the primary's pool name");
    static final Setting<ReplicaStrategy> STRATEGY = TABLE.add("routing.strategy", Kind.choice(ReplicaStrategy.class),
            ReplicaStrategy.ROUND_ROBIN, "how a replica is picked among those that can serve")
            .range(oneOf(ReplicaStrategy.class));
    static final Setting<Integer> WEIGHT = TABLE.add("replica.<n>.weight", Kind.WHOLE, 1,
            "how many times as often as a weight-1 replica it is picked first (one per replica)")
            .range(between(1, 1000)).inputOnly();
    static final Setting<ReplicaFallback> FALLBACK = TABLE.add("routing.replicaFallback",
            Kind.choice(ReplicaFallback.class), ReplicaFallback.PRIMARY, "what a read does when no replica can serve")
            .range(oneOf(ReplicaFallback.class));
    static final Setting<Double> MAX_PRIMARY_READ_SHARE = TABLE.add("routing.maxPrimaryReadShare", Kind.FRACTION, 0.5,
            "the fraction of the primary's maximumPoolSize that fallback reads may hold at once, so that a replica"
            + " outage cannot bury the primary under every read").range(fraction(true));
    static final Setting<Duration> MAX_REPLICA_LAG = TABLE.add("routing.maxReplicaLag", Kind.DURATION, ofSeconds(10),
            "a replica further behind is passed over until it catches up").range(positive());
    static final Setting<Duration> LAG_CHECK_INTERVAL = TABLE.add("routing.replicaLagCheckInterval", Kind.DURATION,
            ofSeconds(1), "how often roles and lag are checked").range(atLeast(ofMillis(10)));
    static final Setting<Consistency> CONSISTENCY = TABLE.add("routing.consistency", Kind.choice(Consistency.class),
            Consistency.EVENTUAL, "whether a read may miss its thread's own writes (EVENTUAL) or waits for a replica"
            + " that has them (READ_YOUR_WRITES)").range(oneOf(Consistency.class));
    static final Setting<Duration> CAUSAL_READ_TIMEOUT = TABLE.add("routing.causalReadTimeout", Kind.DURATION,
            ofSeconds(1), "read-your-writes: the longest a read waits for a replica to catch up before reading from"
            + " the primary").range(positive());
    static final Setting<Boolean> FOLLOW_PRIMARY = TABLE.add("routing.followPrimary", Kind.FLAG, true,
            "when the primary is read-only or unreachable and exactly one replica takes writes (promoted), writes go"
            + " to it, and the old primary serves reads once it is a standby; while two servers take writes, writes"
            + " are refused (docs/failover.md)");
    static final Setting<Duration> REPLICA_ACQUIRE_TIMEOUT = TABLE.add("routing.replicaAcquireTimeout", Kind.DURATION,
            ofMillis(250), "the longest a read waits for one replica's pool before trying the next").range(positive());

    private final Object[] values;

    /** Checks each value (indexed as the table is) against its row; the name may stay null until the primary names it. */
    RoutingSettings(Object[] given) {
        this.values = given.clone();
        for (Setting<?> row : TABLE.rows()) {
            if (!row.isInputOnly()) {
                check(row);
            }
        }
    }

    private <T> void check(Setting<T> row) {
        row.check(row.in(values));
    }

    /** {@return a value per row, each its default} */
    static Object[] defaults() {
        return TABLE.rows().stream().map(row -> row.defaultValue).toArray();
    }

    static List<Setting<?>> all() {
        return TABLE.rows();
    }

    static SettingTable table() {
        return TABLE;
    }

    <T> T get(Setting<T> row) {
        return row.in(values);
    }

    String name() { return NAME.in(values); }
    ReplicaStrategy strategy() { return STRATEGY.in(values); }
    ReplicaFallback fallback() { return FALLBACK.in(values); }
    double maxPrimaryReadShare() { return MAX_PRIMARY_READ_SHARE.in(values); }
    Duration maxReplicaLag() { return MAX_REPLICA_LAG.in(values); }
    Duration lagCheckInterval() { return LAG_CHECK_INTERVAL.in(values); }
    Consistency consistency() { return CONSISTENCY.in(values); }
    Duration causalReadTimeout() { return CAUSAL_READ_TIMEOUT.in(values); }
    Duration replicaAcquireTimeout() { return REPLICA_ACQUIRE_TIMEOUT.in(values); }
    boolean followPrimary() { return FOLLOW_PRIMARY.in(values); }

    /** Every routing setting as the docs name it. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (Setting<?> row : TABLE.rows()) {
            if (!row.isInputOnly()) {
                s.append(s.length() == 0 ? "" : ", ").append(row.key).append('=').append(shown(row));
            }
        }
        return s.toString();
    }

    private <T> String shown(Setting<T> row) {
        return row.kind.format(row.in(values));
    }
}
