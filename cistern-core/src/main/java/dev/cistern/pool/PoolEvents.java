package dev.cistern.pool;

import dev.cistern.CircuitState;
import dev.cistern.LeakReport;
import dev.cistern.PoolListener;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the configured {@link PoolListener}s about pool events, each on the calling thread. A listener
 * that throws is logged and skipped, so an integration's bug never breaks a borrow or a return. The pool
 * holds no instance at all when no listener is configured ({@link #of} returns null), so the hot path
 * pays one null check and builds no event objects.
 */
final class PoolEvents {
    private static final Logger log = LoggerFactory.getLogger(PoolEvents.class);

    private final String poolName;
    private final PoolListener[] listeners;

    private PoolEvents(String poolName, PoolListener[] listeners) {
        this.poolName = poolName;
        this.listeners = listeners;
    }

    /** The events of a pool with these listeners, or null when there are none. */
    static PoolEvents of(String poolName, List<PoolListener> listeners) {
        return listeners.isEmpty() ? null : new PoolEvents(poolName, listeners.toArray(new PoolListener[0]));
    }

    void created(long connectionId) {
        tell(l -> l.connectionCreated(connectionId));
    }

    void borrowed(long connectionId, long waitedNanos) {
        Duration waited = Duration.ofNanos(waitedNanos);
        tell(l -> l.connectionBorrowed(connectionId, waited));
    }

    void returned(long connectionId, long heldNanos) {
        Duration held = Duration.ofNanos(Math.max(0, heldNanos));
        tell(l -> l.connectionReturned(connectionId, held));
    }

    void evicted(long connectionId, String reason) {
        tell(l -> l.connectionEvicted(connectionId, reason));
    }

    void timedOut(long waitedNanos) {
        Duration waited = Duration.ofNanos(waitedNanos);
        tell(l -> l.borrowTimedOut(waited));
    }

    void failover(String server, String what) {
        tell(l -> l.failover(server, what));
    }

    void circuitChanged(CircuitState from, CircuitState to, Throwable cause) {
        tell(l -> l.circuitStateChanged(from, to, cause));
    }

    void leak(long connectionId, LeakReport report, boolean reclaimed) {
        tell(l -> l.leakDetected(connectionId, report, reclaimed));
    }

    private void tell(Consumer<PoolListener> event) {
        for (PoolListener listener : listeners) {
            try {
                event.accept(listener);
            } catch (RuntimeException e) {
                log.warn("{} - pool listener {} failed", poolName, listener.getClass().getName(), e);
            }
        }
    }
}
