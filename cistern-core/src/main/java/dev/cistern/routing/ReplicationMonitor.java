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

    ReplicationMonitor(String name, CisternDataSource primary, List<Replica> replicas, ReplicationProbe probe,
            RoutingSettings settings) {
        this.name = name;
        this.primary = primary;
        this.replicas = replicas;
        this.probe = probe;
        this.settings = settings;
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
        if (before.role() != primaryStatus.role() && primaryStatus.role() == ServerRole.REPLICA) {
            log.warn("{} - the primary is read-only (in recovery): writes are refused until it takes writes again", name);
        } else if (before.role() == ServerRole.REPLICA && primaryStatus.role() == ServerRole.PRIMARY) {
            log.info("{} - the primary takes writes again", name);
        }
        for (Replica replica : replicas) {
            SkipReason was = replica.unusable(settings, null);
            replica.status = checkServer(replica.pool, replica);
            SkipReason now = replica.unusable(settings, null);
            if (!Objects.equals(was, now)) {
                if (now == null) {
                    log.info("{} - replica {} serves reads again", name, replica.name);
                } else {
                    log.warn("{} - replica {} is passed over: {}", name, replica.name, describe(now, replica.status));
                }
            }
        }
    }

    /** The primary when {@code replica} is null. */
    private ServerStatus checkServer(CisternDataSource pool, Replica replica) {
        try (Connection c = pool.getConnection(settings.replicaAcquireTimeout())) {
            return replica == null ? probe.primary(c) : probe.replica(c, primaryStatus.position());
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

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
