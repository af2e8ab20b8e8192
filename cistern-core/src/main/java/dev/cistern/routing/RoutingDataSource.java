package dev.cistern.routing;

import dev.cistern.CisternDataSource;
import dev.cistern.PoolConfig;
import dev.cistern.settings.Setting;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.slf4j.LoggerFactory;

/**
 * A primary and its replicas behind one {@link DataSource}: writes go to the primary, read-only work to a
 * replica that is up, caught up and not busy, each server a full Cistern pool underneath. docs/routing.md
 * has the rules in one table; in short:
 * <ul>
 *   <li>{@link #getConnection()} binds at the first statement: {@code setReadOnly(true)} before it (as
 *       Spring's {@code @Transactional(readOnly = true)} does) sends the work to a replica; a connection is
 *       never moved inside a transaction. {@link #forReads()} and {@link #forWrites()} choose outright.</li>
 *   <li>A replica whose circuit is open, that cannot lend within {@code replicaAcquireTimeout}, that is
 *       behind by more than {@code maxReplicaLag}, or that was promoted is passed over; when none can serve,
 *       reads fall back to the primary, within {@code maxPrimaryReadShare} of its connections (or fail).</li>
 *   <li>Roles and lag are checked every {@code replicaLagCheckInterval}; writes are never sent to a
 *       read-only primary.</li>
 *   <li>With {@link Consistency#READ_YOUR_WRITES}, a read sees the writes its thread (or an explicit
 *       {@link ConsistencyToken}) committed before it.</li>
 * </ul>
 *
 * <p>Invariants (tested in RoutingDataSourceTest and the replicated-server tests): a connection is bound to
 * at most one server at a time and never moved inside a transaction ({@link RoutedConnection}); fallback
 * reads never hold more than {@code maxPrimaryReadShare} of the primary's connections, and a write is never
 * sent while the last check found the primary read-only ({@link Router}). This class is the API: the
 * decisions are in {@link Router}, the views in {@link RoutingView}.
 */
public final class RoutingDataSource implements DataSource, AutoCloseable {
    private static final org.slf4j.Logger log = LoggerFactory.getLogger(RoutingDataSource.class);

    private final String name;
    private final CisternDataSource primary;
    private final List<Replica> replicas;
    private final Router router;
    private final ReplicationMonitor monitor;
    private final RoutingMXBeanRegistration mxBean;
    private volatile boolean closed;

    private RoutingDataSource(Builder b, CisternDataSource primary, List<Replica> replicas) {
        RoutingSettings settings = b.settings();
        this.name = settings.name() != null ? settings.name() : primary.poolName();
        this.primary = primary;
        this.replicas = List.copyOf(replicas);
        ReplicationProbe probe = b.probe != null ? b.probe : ReplicationProbe.forUrl(primary.config().jdbcUrl());
        this.monitor = new ReplicationMonitor(name, primary, this.replicas, probe, settings);
        this.router = new Router(name, primary, this.replicas, settings, probe, monitor);
        monitor.start();
        this.mxBean = primary.config().registerMbeans() ? RoutingMXBeanRegistration.register(name, this) : null;
        log.info("{} - routing: primary {} and {} replica(s) {}, {}", name, primary.poolName(), replicas.size(),
                replicas.stream().map(r -> r.name).toList(), settings);
    }

    /** {@return a builder: a primary, one or more replicas, and the routing settings} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads a routing data source from properties: {@code primary.<pool property>}, {@code replica.<n>.<pool
     * property>} (each replica inherits every primary property it does not set; {@code replica.<n>.weight}
     * weighs it), and {@code routing.<setting>}. See docs/routing.md.
     *
     * @param properties the settings
     * @return the started routing data source
     * @throws IllegalArgumentException naming the property, for a bad or unknown one
     */
    public static RoutingDataSource fromProperties(Properties properties) {
        return RoutingProperties.read(properties);
    }

    // ---- what applications call ---------------------------------------------------------------------------

    /**
     * A connection that goes to a replica if it is read-only at its first statement, to the primary
     * otherwise (see the class comment). Nothing is borrowed until then.
     */
    @Override
    public Connection getConnection() throws SQLException {
        router.checkOpen();
        return RoutedConnection.create(router, RoutedConnection.Mode.AUTO, null);
    }

    /** Not supported: the pools' connections use their configured credentials. */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the pools lend connections with their configured credentials;"
                + " use getConnection()");
    }

    /** {@return a view whose connections always read from a replica (or fall back as configured)} */
    public DataSource forReads() {
        return new RoutingView(this, router, RoutedConnection.Mode.READ, null);
    }

    /** {@return a view whose connections always go to the primary} */
    public DataSource forWrites() {
        return new RoutingView(this, router, RoutedConnection.Mode.WRITE, null);
    }

    /**
     * {@return where the primary stood after this thread's last write through this data source; null when
     * it wrote nothing yet, or when {@link Consistency#READ_YOUR_WRITES} is off} Hand it to another thread's
     * {@link #readAfter}.
     */
    public ConsistencyToken lastWrite() {
        return router.lastWrite();
    }

    /**
     * {@return a view whose reads see at least the writes up to {@code token}, from any thread} Reads go to
     * a replica that has replayed them, wait for one up to {@code causalReadTimeout}, or go to the primary.
     *
     * @param token from {@link #lastWrite()}; null for a plain read view
     */
    public DataSource readAfter(ConsistencyToken token) {
        return new RoutingView(this, router, RoutedConnection.Mode.READ, token);
    }

    /** {@return the primary's and each replica's figures: role, lag, reads served, skips and why, fallbacks} */
    public RoutingStats stats() {
        return router.stats();
    }

    /** {@return the primary's pool} */
    public CisternDataSource primary() {
        return primary;
    }

    /** {@return each replica's pool, by name, in configured order} */
    public Map<String, CisternDataSource> replicas() {
        Map<String, CisternDataSource> byName = new java.util.LinkedHashMap<>();
        replicas.forEach(r -> byName.put(r.name, r.pool));
        return byName;
    }

    /** Checks every server's role and lag now, instead of at the next interval, and waits for the result. */
    public void checkReplicationNow() {
        monitor.checkNow();
    }

    /** Stops the checks and closes every pool: replicas first, then the primary. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        router.close();
        if (mxBean != null) {
            mxBean.unregister();
        }
        monitor.close();
        for (Replica replica : replicas) {
            replica.pool.close();
        }
        primary.close();
    }

    /** {@return whether {@link #close()} was called} */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "RoutingDataSource[" + name + ": primary " + primary.poolName() + ", replicas "
                + replicas.stream().map(r -> r.name).toList() + (closed ? ", closed" : "") + "]";
    }

    RoutingSettings settings() {
        return router.settings();
    }

    // ---- DataSource odds and ends -------------------------------------------------------------------------

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return primary.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        primary.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        primary.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return primary.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("Cistern logs through SLF4J");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    /**
     * Collects a primary, replicas and the routing settings; {@link #build()} checks them and starts every pool.
     * Each routing method sets the {@code routing.*} setting of its name, whose meaning, default and range are
     * in docs/routing.md (generated from the routing settings table).
     */
    @SuppressWarnings("doclint:missing")
    public static final class Builder {
        private PoolConfig primary;
        private final List<PoolConfig> replicaConfigs = new ArrayList<>();
        private final List<Consumer<PoolConfig.Builder>> replicaChanges = new ArrayList<>();
        private final List<Integer> weights = new ArrayList<>();
        private final Object[] given = RoutingSettings.defaults();
        private ReplicationProbe probe;

        private Builder() {
        }

        <T> Builder set(Setting<T> setting, T value) {
            given[setting.index] = value;
            return this;
        }

        /** Names the routing data source in logs; by default the primary's pool name. */
        public Builder name(String name) { return set(RoutingSettings.NAME, name); }
        public Builder strategy(ReplicaStrategy strategy) { return set(RoutingSettings.STRATEGY, strategy); }
        public Builder replicaFallback(ReplicaFallback fallback) { return set(RoutingSettings.FALLBACK, fallback); }
        public Builder maxPrimaryReadShare(double share) { return set(RoutingSettings.MAX_PRIMARY_READ_SHARE, share); }
        public Builder maxReplicaLag(Duration lag) { return set(RoutingSettings.MAX_REPLICA_LAG, lag); }
        public Builder replicaLagCheckInterval(Duration interval) { return set(RoutingSettings.LAG_CHECK_INTERVAL, interval); }
        public Builder consistency(Consistency consistency) { return set(RoutingSettings.CONSISTENCY, consistency); }
        public Builder causalReadTimeout(Duration timeout) { return set(RoutingSettings.CAUSAL_READ_TIMEOUT, timeout); }
        public Builder replicaAcquireTimeout(Duration timeout) { return set(RoutingSettings.REPLICA_ACQUIRE_TIMEOUT, timeout); }
        public Builder followPrimary(boolean follow) { return set(RoutingSettings.FOLLOW_PRIMARY, follow); }

        /**
         * The primary's pool.
         *
         * @param config its configuration
         * @return this builder
         */
        public Builder primary(PoolConfig config) {
            this.primary = Objects.requireNonNull(config, "primary");
            return this;
        }

        /**
         * A replica with a configuration of its own.
         *
         * @param config its configuration
         * @return this builder
         */
        public Builder replica(PoolConfig config) {
            return replica(config, 1);
        }

        /**
         * A replica with a configuration of its own and a weight.
         *
         * @param config its configuration
         * @param weight how many times as often as a weight-1 replica it is picked first (1–1000)
         * @return this builder
         */
        public Builder replica(PoolConfig config, int weight) {
            replicaConfigs.add(Objects.requireNonNull(config, "replica"));
            replicaChanges.add(null);
            weights.add(weight);
            return this;
        }

        /**
         * A replica that inherits every primary setting except its URL (and its pool name,
         * {@code <primary>-replica-<n>}).
         *
         * @param jdbcUrl the replica's JDBC URL
         * @return this builder
         */
        public Builder replica(String jdbcUrl) {
            Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            return replica(b -> b.jdbcUrl(jdbcUrl), 1);
        }

        /**
         * A replica that inherits the primary's settings, with these changes.
         *
         * @param changes applied to a copy of the primary's settings (set at least the URL)
         * @param weight  how many times as often as a weight-1 replica it is picked first (1–1000)
         * @return this builder
         */
        public Builder replica(Consumer<PoolConfig.Builder> changes, int weight) {
            replicaConfigs.add(null);
            replicaChanges.add(Objects.requireNonNull(changes, "changes"));
            weights.add(weight);
            return this;
        }

        /** For tests: a stand-in for the database's replication queries. */
        Builder probe(ReplicationProbe probe) {
            this.probe = probe;
            return this;
        }

        RoutingSettings settings() {
            return new RoutingSettings(given);
        }

        /**
         * Checks the settings and starts every pool (the primary first).
         *
         * @return the routing data source
         * @throws IllegalArgumentException naming the setting, for a bad one
         */
        public RoutingDataSource build() {
            if (primary == null) {
                throw new IllegalArgumentException("a routing data source needs a primary");
            }
            if (replicaConfigs.isEmpty()) {
                throw new IllegalArgumentException("a routing data source needs at least one replica");
            }
            for (int i = 0; i < weights.size(); i++) {
                RoutingSettings.WEIGHT.check(weights.get(i), "replica." + (i + 1) + ".weight");
            }
            settings(); // checks the routing settings before any pool starts
            CisternDataSource primaryPool = new CisternDataSource(primary);
            List<Replica> replicas = new ArrayList<>();
            try {
                for (int i = 0; i < replicaConfigs.size(); i++) {
                    PoolConfig config = replicaConfigs.get(i);
                    if (config == null) {
                        PoolConfig.Builder inherited = primary.toBuilder().poolName(primaryPool.poolName() + "-replica-" + (i + 1));
                        replicaChanges.get(i).accept(inherited);
                        config = inherited.build();
                    }
                    // A replica that is down must not keep the application from starting: its pool starts
                    // empty (as initializationFailTimeout < 0 does) and reads pass it over until it answers.
                    CisternDataSource pool = new CisternDataSource(config.initializationFailTimeout().isNegative()
                            ? config : config.toBuilder().initializationFailTimeout(Duration.ofMillis(-1)).build());
                    replicas.add(new Replica(pool.poolName(), pool, weights.get(i)));
                }
                return new RoutingDataSource(this, primaryPool, replicas);
            } catch (RuntimeException e) {
                replicas.forEach(r -> r.pool.close());
                primaryPool.close();
                throw e;
            }
        }
    }
}
