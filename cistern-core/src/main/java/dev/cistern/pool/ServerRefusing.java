package dev.cistern.pool;

import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;

/**
 * The pool's state while the server answers but gives no connection the pool can use: it is full
 * ({@code Dialect.isServerFull}: PostgreSQL's 53300, MySQL's 1040, ...), or, during a failover, none of the
 * servers the URL leads to has the {@code role} the pool wants ({@link Failover}: a promotion under way). Such a
 * server is up, so its refusals never count towards the circuit breaker, and borrowers wait for a returned
 * connection as they do in an exhausted pool. Creation goes one at a time: the refused creation becomes the prober and asks again after
 * a pause of 190 to 230 ms, or at once when a connection of this pool has closed (a slot it can take), and no
 * other creation starts meanwhile; so a pool sends about five refused attempts a second at most, however many
 * borrowers wait. The state ends when the pool has what it wants. The refusals are counted, and logged at
 * the first and then once a minute with their count, never once each.
 *
 * <p>Invariants (tested in {@code ServerFullTest}):
 * <ol>
 *   <li>At most one creation at a time is the prober: it is taken by CAS and given back only by its holder.</li>
 *   <li>A connection of this pool closed while the prober pauses ends the pause: a freed slot is tried at
 *       once, not a pause later.</li>
 * </ol>
 */
final class ServerRefusing {
    private static final Logger log = PoolLog.LOG;
    static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(210);
    private static final long PAUSE_JITTER_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long WARNING_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final long pauseNanos;
    private final String poolName;
    private final PoolCounters counters;
    private final ErrorText errors;
    private final AtomicReference<Thread> prober = new AtomicReference<>();
    /** When the server was found refusing; 0 while the pool is not in this state. */
    private volatile long fullSinceNanos;
    /** Why, in words for health and logs: "the server refuses more connections as full", or the role's. */
    private volatile String reason = "the server refuses more connections as full";
    private final AtomicLong lastWarningNanos = new AtomicLong();
    private final AtomicLong refusalsSinceWarning = new AtomicLong();

    /** @param pauseNanos the prober's pause between two attempts ({@link #PAUSE_NANOS}; tests take longer ones) */
    ServerRefusing(PoolParts parts, long pauseNanos) {
        this.pauseNanos = pauseNanos;
        this.poolName = parts.name;
        this.counters = parts.counters;
        this.errors = parts.errors;
    }

    /** {@return whether the server was found refusing and the pool has not yet got what it wants since} */
    boolean isFull() {
        return fullSinceNanos != 0;
    }

    /** {@return why the server refuses, in words: "the server refuses more connections as full", or the role's} */
    String reason() {
        return reason;
    }

    /**
     * Counts a refusal and enters the state; warns at the first and then at most once a minute.
     *
     * @param full true for a full server, false for one without the role the pool wants
     */
    void refused(SQLException refusal, int held, boolean full) {
        (full ? counters.serverFullRefusals : counters.wrongRoleRefusals).incrementAndGet();
        reason = full ? "the server refuses more connections as full"
                : "no server the URL leads to has the role the pool wants (a failover under way?)";
        long now = System.nanoTime();
        if (fullSinceNanos == 0) {
            fullSinceNanos = now == 0 ? 1 : now;
        }
        long count = refusalsSinceWarning.incrementAndGet();
        long last = lastWarningNanos.get();
        if ((last == 0 || now - last >= WARNING_INTERVAL_NANOS) && lastWarningNanos.compareAndSet(last, now)) {
            refusalsSinceWarning.addAndGet(-count);
            log.warn("{} - {} ({} refused{}); holding {}, borrowers wait for returned ones and one creation asks"
                    + " again every ~210 ms: {}", poolName, reason, count,
                    last == 0 ? "" : " in " + Elapsed.describe(now - last), held, errors.describe(refusal));
        }
    }

    /** {@return true when the calling creation is now the prober (or was already); false when another is} */
    boolean claimProbe() {
        Thread me = Thread.currentThread();
        return prober.get() == me || prober.compareAndSet(null, me);
    }

    /** Gives the prober's place back, if the calling thread holds it. */
    void leaveProbe() {
        prober.compareAndSet(Thread.currentThread(), null);
    }

    /** The pause before asking again: 190 to 230 ms (at most {@code maxNanos}), ended early by {@link #slotFreed()}. */
    void pause(long maxNanos) {
        long jitter = ThreadLocalRandom.current().nextLong(-PAUSE_JITTER_NANOS, PAUSE_JITTER_NANOS + 1);
        LockSupport.parkNanos(this, Math.min(maxNanos, pauseNanos + jitter));
    }

    /** A connection of this pool has closed, so the server has a slot: the prober asks now. */
    void slotFreed() {
        Thread waiting = prober.get();
        if (waiting != null) {
            LockSupport.unpark(waiting);
        }
    }

    /** The pool holds what it wants: the state ends. */
    void demandMet(int held) {
        long since = fullSinceNanos;
        if (since != 0) {
            fullSinceNanos = 0;
            log.info("{} - holding {} connection(s), all it wants, {} after it found that {}", poolName,
                    held, Elapsed.describe(System.nanoTime() - since), reason);
        }
    }
}
