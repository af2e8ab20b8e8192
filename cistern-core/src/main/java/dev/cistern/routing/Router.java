package dev.cistern.routing;

import dev.cistern.CircuitOpenException;
import dev.cistern.CisternDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routing decisions behind a {@link RoutingDataSource}, for its {@link RoutedConnection}s: which server
 * lends a write or a read, the fallback to the primary within its share, read-your-writes positions, and the
 * counts {@link #stats()} reports. The rules are in RoutingDataSource's class comment and docs/routing.md.
 *
 * <p>Invariant 11 (docs/architecture.md): fallback reads never hold more than {@code maxPrimaryReadShare} of
 * the primary's connections: the share is taken before borrowing and given back only once the connection
 * is back ({@code RoutingDataSourceTest.fallbackReadsNeverHoldMoreThanTheirShareUnderContention}).
 */
final class Router {
    private static final Logger log = LoggerFactory.getLogger(RoutingDataSource.class);

    private final String name;
    private final CisternDataSource primary;
    private final List<Replica> replicas;
    private final RoutingSettings settings;
    private final ReplicationProbe probe;
    private final ReplicaChooser chooser;
    private final ReplicationMonitor monitor;
    private final int primaryReadLimit;
    private final AtomicInteger fallbackReadsNow = new AtomicInteger();
    private final LongAdder fallbackReads = new LongAdder();
    private final LongAdder refusedReads = new LongAdder();
    /** Read-your-writes, thread scope: where the primary stood after this thread's last write. */
    private final ThreadLocal<ConsistencyToken> threadWrites = new ThreadLocal<>();
    private volatile boolean closed;

    Router(String name, CisternDataSource primary, List<Replica> replicas, RoutingSettings settings,
            ReplicationProbe probe, ReplicationMonitor monitor) {
        this.name = name;
        this.primary = primary;
        this.replicas = replicas;
        this.settings = settings;
        this.probe = probe;
        this.monitor = monitor;
        this.chooser = new ReplicaChooser(settings.strategy(), replicas);
        this.primaryReadLimit = (int) Math.floor(settings.maxPrimaryReadShare() * primary.config().maximumPoolSize());
    }

    void close() {
        closed = true;
    }

    ConsistencyToken lastWrite() {
        return threadWrites.get();
    }

    RoutingStats stats() {
        List<ReplicaStats> each = new ArrayList<>();
        for (Replica replica : replicas) {
            ServerStatus status = replica.status;
            each.add(new ReplicaStats(replica.name, status.role(), status.lag(), replica.unusable(settings, null),
                    replica.reads.sum(), replica.skips(), replica.pool.isClosed() ? null : replica.pool.stats()));
        }
        return new RoutingStats(monitor.primaryStatus().role(), primary.isClosed() ? null : primary.stats(), each,
                fallbackReads.sum(), fallbackReadsNow.get(), refusedReads.sum(), monitor.writeTarget().name());
    }

    void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLTransientConnectionException(name + " - the routing data source is closed", "08003");
        }
    }

    /**
     * A connection for writes, from the server that takes them ({@link ReplicationMonitor.WriteTarget}): the
     * primary, or the replica promoted in its place; refused while the last check found the primary read-only and
     * no replica taking writes, or two servers taking writes.
     */
    Lease leaseWrite() throws SQLException {
        checkOpen();
        ReplicationMonitor.WriteTarget target = monitor.writeTarget();
        if (target.refusal() != null) {
            throw new SQLException(name + " - " + target.refusal(), "25006");
        }
        if (target.replica() == null && monitor.primaryStatus().role() == ServerRole.REPLICA) {
            String url = primary.config().jdbcUrl();
            throw new SQLException(name + " - write refused: the primary (" + primary.poolName()
                    + (url != null ? ", " + dev.cistern.internal.Secrets.maskUrl(url) : "") + ") was read-only"
                    + " (in recovery, or set read-only) at the last check" + (settings.followPrimary()
                    ? " and no replica took writes" : "; writes go nowhere else (routing.followPrimary=false)"), "25006");
        }
        return new Lease(target.pool().getConnection(), null, false);
    }

    /** A connection for reading: from a replica that can serve, else (as configured) from the primary. */
    Lease leaseRead(ConsistencyToken explicit) throws SQLException {
        checkOpen();
        ConsistencyToken token = explicit != null ? explicit
                : settings.consistency() == Consistency.READ_YOUR_WRITES ? threadWrites.get() : null;
        Position needed = token == null ? null : token.position();
        List<String> why = new ArrayList<>();
        List<Replica> behind = new ArrayList<>();
        for (Replica replica : chooser.order()) {
            SkipReason reason = replica.unusable(settings, needed);
            if (reason == SkipReason.NOT_CAUGHT_UP) {
                behind.add(replica);
                continue;
            }
            if (reason == null) {
                Lease lease = tryReplica(replica, why);
                if (lease != null) {
                    return lease;
                }
            } else {
                replica.skipped(reason);
                why.add(replica.name + ": " + ReplicationMonitor.describe(reason, replica.status));
            }
        }
        if (!behind.isEmpty()) {
            Lease caughtUp = awaitCaughtUp(behind, needed, why);
            if (caughtUp != null) {
                return caughtUp;
            }
        }
        Replica former = monitor.formerPrimary();
        if (settings.followPrimary() && monitor.primaryStatus().role() == ServerRole.REPLICA
                && former.unusable(settings, needed) == null) {
            Lease lease = tryReplica(former, why); // the old primary, back as a standby of the new one
            if (lease != null) {
                return lease;
            }
        }
        return fallBack(why);
    }

    private Lease tryReplica(Replica replica, List<String> why) {
        try {
            Connection c = replica.pool.getConnection(settings.replicaAcquireTimeout());
            replica.reads.increment();
            return new Lease(c, replica, false);
        } catch (CircuitOpenException e) {
            replica.skipped(SkipReason.CIRCUIT_OPEN);
            why.add(replica.name + ": its pool's circuit breaker is open");
        } catch (SQLException e) {
            replica.skipped(SkipReason.BUSY);
            why.add(replica.name + ": no connection within " + settings.replicaAcquireTimeout().toMillis() + " ms");
        }
        return null;
    }

    /**
     * Read-your-writes: polls the replicas that had not replayed the needed position at the last check,
     * each on a connection of its own, until one has or {@code causalReadTimeout} passes.
     */
    private Lease awaitCaughtUp(List<Replica> behind, Position needed, List<String> why) {
        long deadline = System.nanoTime() + settings.causalReadTimeout().toNanos();
        List<Lease> waiting = new ArrayList<>();
        for (Replica replica : behind) {
            try {
                waiting.add(new Lease(replica.pool.getConnection(settings.replicaAcquireTimeout()), replica, false));
            } catch (SQLException e) {
                replica.skipped(SkipReason.BUSY);
            }
        }
        Lease found = null;
        try {
            while (found == null && !waiting.isEmpty()) {
                for (Lease lease : List.copyOf(waiting)) {
                    try {
                        if (probe.awaitReplay(lease.connection(), needed, 0)) {
                            found = lease;
                            break;
                        }
                    } catch (SQLException e) {
                        waiting.remove(lease);
                        giveBack(lease, false);
                    }
                }
                if (found == null && System.nanoTime() - deadline >= 0) {
                    break;
                }
                if (found == null) {
                    java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                }
            }
        } finally {
            for (Lease lease : waiting) {
                if (lease != found) {
                    lease.replica().skipped(SkipReason.NOT_CAUGHT_UP);
                    why.add(lease.replica().name + ": had not replayed " + needed + " within "
                            + settings.causalReadTimeout().toMillis() + " ms");
                    giveBack(lease, false);
                }
            }
        }
        if (found != null) {
            found.replica().reads.increment();
        }
        return found;
    }

    private Lease fallBack(List<String> why) throws SQLException {
        String reasons = why.isEmpty() ? "no replica is configured" : String.join("; ", why);
        if (settings.fallback() == ReplicaFallback.FAIL) {
            refusedReads.increment();
            throw new SQLTransientConnectionException(name + " - no replica can serve this read (" + reasons
                    + ") and routing.replicaFallback is FAIL", "08001");
        }
        if (fallbackReadsNow.incrementAndGet() > primaryReadLimit) {
            fallbackReadsNow.decrementAndGet();
            refusedReads.increment();
            throw new SQLTransientConnectionException(name + " - no replica can serve this read (" + reasons
                    + ") and fallback reads already hold " + primaryReadLimit + " of the primary's "
                    + primary.config().maximumPoolSize() + " connections (routing.maxPrimaryReadShare="
                    + settings.maxPrimaryReadShare() + ")", "08001");
        }
        ReplicationMonitor.WriteTarget target = monitor.writeTarget();
        CisternDataSource writer = target.pool() != null ? target.pool() : primary;
        try {
            Connection c = writer.getConnection();
            fallbackReads.increment();
            return new Lease(c, null, true);
        } catch (SQLException | RuntimeException e) {
            fallbackReadsNow.decrementAndGet();
            throw e;
        }
    }

    /** Returns a lease's connection to its pool (or has it aborted), and frees its fallback share. */
    void giveBack(Lease lease, boolean aborted) {
        try {
            if (!aborted) {
                lease.connection().close();
            }
        } catch (SQLException e) {
            log.debug("{} - closing a connection from {} failed", name, lease.serverName(), e);
        } finally {
            // only once the connection is back: the share counts connections held, never one more
            if (lease.fallbackRead()) {
                fallbackReadsNow.decrementAndGet();
            }
        }
    }

    /** A read lost its connection: pass that replica over until the next check says otherwise. */
    void serverFailed(Lease lease) {
        if (lease.replica() != null) {
            lease.replica().status = ServerStatus.failed("a read lost its connection to it");
        }
    }

    /** Read-your-writes: notes where the primary stands after this thread's write. */
    void wrote(Connection primaryConnection) {
        if (settings.consistency() != Consistency.READ_YOUR_WRITES) {
            return;
        }
        try {
            Position position = probe.writePosition(primaryConnection);
            if (position != null) {
                threadWrites.set(ConsistencyToken.later(threadWrites.get(), new ConsistencyToken(position)));
            }
        } catch (SQLException e) {
            log.debug("{} - could not read the primary's position after a write", name, e);
        }
    }

    RoutingSettings settings() {
        return settings;
    }
}
