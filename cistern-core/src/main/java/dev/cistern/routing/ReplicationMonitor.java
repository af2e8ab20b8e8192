package dev.cistern.routing;

import dev.cistern.CisternDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every {@code routing.replicaLagCheckInterval}, on one daemon thread, each server's role and
 * position through its own pool: the primary first (its position is what the replicas are measured
 * against), then each replica's role, replayed position and lag. A server that cannot lend a connection
 * within {@code replicaAcquireTimeout}, or whose check fails, is marked unreachable until a check succeeds.
 * A replica becoming unusable or usable again is logged once per change.
 *
 * <p>With {@code routing.followPrimary} (the default) each check also decides where writes go
 * ({@link WriteTarget}): the configured primary while it takes writes and no replica does; a replica that takes
 * writes (promoted) while the configured primary does not (read-only, or unreachable); nowhere while two servers
 * take writes (a split brain: fencing one is the failover manager's job). The configured primary, once it is
 * read-only, is checked as a replica of the server that took its place, and serves reads when it can.
 *
 * <p>Invariant: checks run on this thread only (a manual {@link #checkNow()} runs on it too), so a check's
 * result never overwrites a newer check's. Besides, a read that loses its connection to a replica marks
 * it unreachable at once (RoutingDataSource.serverFailed); the next check decides again. Tested in
 * RoutingDataSourceTest (lagging, promoted, unreachable and back) and PostgresRoutingTest.
 */
final class ReplicationMonitor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RoutingDataSource.class);

    private final String name;
    private final CisternDataSource primary;
    private final List<Replica> replicas;
    private final ReplicationProbe probe;
    private final RoutingSettings settings;
    private final ScheduledExecutorService thread;
    private volatile ServerStatus primaryStatus = ServerStatus.NOT_CHECKED;
    /** The configured primary seen as a replica, once it is read-only (a demoted primary back as a standby). */
    private final Replica formerPrimary;
    private volatile WriteTarget writeTarget;

    /**
     * Where writes go now: a pool and its name ({@code replica} null for the configured primary), or, when
     * {@code refusal} is set, nowhere, for that reason.
     */
    record WriteTarget(CisternDataSource pool, String name, Replica replica, String refusal) {
    }

    ReplicationMonitor(String name, CisternDataSource primary, List<Replica> replicas, ReplicationProbe probe,
            RoutingSettings settings) {
        this.name = name;
        this.primary = primary;
        this.replicas = replicas;
        this.probe = probe;
        this.settings = settings;
        this.formerPrimary = new Replica(primary.poolName(), primary, 1);
        this.formerPrimary.status = ServerStatus.failed("it is the primary");
        this.writeTarget = new WriteTarget(primary, primary.poolName(), null, null);
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "cistern-routing-" + name + "-monitor");
            t.setDaemon(true);
            return t;
        });
    }

    void start() {
        long period = settings.lagCheckInterval().toNanos();
        thread.scheduleWithFixedDelay(this::checkQuietly, 0, period, TimeUnit.NANOSECONDS);
    }

    ServerStatus primaryStatus() {
        return primaryStatus;
    }

    WriteTarget writeTarget() {
        return writeTarget;
    }

    /** {@return the configured primary as a read candidate: usable only once it is read-only and caught up} */
    Replica formerPrimary() {
        return formerPrimary;
    }

    /** Runs one check now, on the monitor thread, and waits for it (tests and operators). */
    void checkNow() {
        try {
            thread.submit(this::checkQuietly).get(settings.lagCheckInterval().toMillis() + 30_000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the replication check did not finish", e);
        }
    }

    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException e) {
            log.warn("{} - replication check failed", name, e);
        }
    }

    private void check() {
        ServerStatus before = primaryStatus;
        primaryStatus = checkServer(primary, null);
        boolean follow = settings.followPrimary();
        if (before.role() != primaryStatus.role() && primaryStatus.role() == ServerRole.REPLICA) {
            log.warn("{} - the primary is read-only (in recovery){}", name, follow
                    ? ": writes go to a replica that takes writes, if exactly one does" : ": writes are refused until it"
                    + " takes writes again");
        } else if (before.role() == ServerRole.REPLICA && primaryStatus.role() == ServerRole.PRIMARY) {
            log.info("{} - the primary takes writes again", name);
        }
        // Replicas are measured against the server that takes writes: the configured primary, or the replica
        // that took its place at the last check (asked first, so its position is fresh).
        Replica promoted = follow ? writeTarget.replica() : null;
        Position reference = primaryStatus.role() == ServerRole.PRIMARY ? primaryStatus.position() : null;
        if (promoted != null) {
            promoted.status = checkServer(promoted.pool, null);
            if (promoted.status.role() == ServerRole.PRIMARY && reference == null) {
                reference = promoted.status.position();
            }
        }
        for (Replica replica : replicas) {
            SkipReason was = replica.unusable(settings, null);
            if (replica != promoted) {
                replica.status = checkServer(replica.pool, replica, reference);
            }
            SkipReason now = replica.unusable(settings, null);
            if (!Objects.equals(was, now)) {
                if (now == null) {
                    log.info("{} - replica {} serves reads again", name, replica.name);
                } else {
                    log.warn("{} - replica {} is passed over: {}", name, replica.name, describe(now, replica.status));
                }
            }
        }
        if (follow) {
            formerPrimary.status = primaryStatus.role() == ServerRole.REPLICA
                    ? checkServer(primary, formerPrimary, reference) : ServerStatus.failed("it is the primary");
            decideWriteTarget();
        }
    }

    /**
     * Exactly one server that takes writes gets them; none, the configured primary; two or more, nobody. Pools
     * whose connections are all on one server are that server: a primary pool with a multi-host URL that followed
     * a failover onto the promoted standby and that standby's replica pool are one claimant, not a split brain.
     */
    private void decideWriteTarget() {
        java.util.Map<String, String> claimants = new java.util.LinkedHashMap<>(); // server -> the pool that names it
        Replica onlyReplica = null;
        if (primaryStatus.role() == ServerRole.PRIMARY) {
            claimants.put(serverOf(primary), primary.poolName());
        }
        for (Replica replica : replicas) {
            if (replica.status.role() == ServerRole.PRIMARY && claimants.putIfAbsent(serverOf(replica.pool),
                    replica.name) == null) {
                onlyReplica = replica;
            }
        }
        WriteTarget next;
        if (claimants.size() > 1) {
            next = new WriteTarget(null, null, null, "write refused: " + String.join(" and ", claimants.values())
                    + " all take"
                    + " writes (a split brain); writes go to neither until one is fenced (made read-only or stopped)");
        } else if (claimants.size() == 1 && onlyReplica != null && primaryStatus.role() != ServerRole.PRIMARY) {
            next = new WriteTarget(onlyReplica.pool, onlyReplica.name, onlyReplica, null);
        } else {
            next = new WriteTarget(primary, primary.poolName(), null, null);
        }
        WriteTarget was = writeTarget;
        writeTarget = next;
        if (!Objects.equals(was.name(), next.name()) || !Objects.equals(was.refusal(), next.refusal())) {
            if (next.refusal() != null) {
                log.error("{} - {}", name, next.refusal());
            } else if (next.replica() != null) {
                log.warn("{} - writes go to {} now: it takes writes (promoted) and the primary {} is {}", name,
                        next.name(), primary.poolName(), primaryStatus.role() == ServerRole.REPLICA ? "read-only"
                                : "unreachable (" + primaryStatus.problem() + ")");
            } else {
                log.info("{} - writes go to the primary {} again", name, primary.poolName());
            }
        }
    }

    /** Asked as a primary. */
    private ServerStatus checkServer(CisternDataSource pool, Replica replica) {
        return checkServer(pool, replica, null);
    }

    /** Asked as a primary when {@code replica} is null, else as a replica measured against {@code reference}. */
    private ServerStatus checkServer(CisternDataSource pool, Replica replica, Position reference) {
        try (Connection c = pool.getConnection(settings.replicaAcquireTimeout())) {
            return replica == null ? probe.primary(c) : probe.replica(c, reference);
        } catch (SQLException | RuntimeException e) {
            return ServerStatus.failed(String.valueOf(e.getMessage()));
        }
    }

    static String describe(SkipReason reason, ServerStatus status) {
        switch (reason) {
            case LAGGING:
                return status.problem() != null ? status.problem() : "lagging " + status.lag().toMillis() + " ms behind";
            case PROMOTED:
                return "it takes writes (promoted), so it no longer follows the primary";
            case UNREACHABLE:
                return "its check failed: " + status.problem();
            case CIRCUIT_OPEN:
                return "its pool's circuit breaker is open";
            default:
                return reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        }
    }

    /** The one server all of a pool's connections are on, as the servers report themselves; else the pool's name. */
    private static String serverOf(CisternDataSource pool) {
        java.util.Set<String> servers = pool.isClosed() ? java.util.Set.of() : pool.stats().servers().keySet();
        return servers.size() == 1 && !servers.contains("unknown") ? servers.iterator().next() : "pool " + pool.poolName();
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
