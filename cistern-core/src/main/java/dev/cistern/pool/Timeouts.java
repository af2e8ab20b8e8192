package dev.cistern.pool;

import dev.cistern.PoolConfig;

/**
 * The pool's timeouts that may change while it runs (HikariCP lets its MXBean change the same ones): each
 * part of the pool reads the current value where it starts a wait or a check, so a change applies to the
 * next borrow, validation, connect or housekeeping round, never to one already under way. Read off the
 * borrow fast path only; a change writes each field once (volatile), with no lock.
 */
final class Timeouts {
    private volatile long connectionTimeoutNanos;
    private volatile long validationTimeoutNanos;
    private volatile long idleTimeoutNanos;
    private volatile long maxLifetimeNanos;
    private volatile long keepaliveNanos;

    Timeouts(PoolConfig config) {
        apply(config);
    }

    /** Takes the timeouts of a (validated) configuration. */
    void apply(PoolConfig config) {
        connectionTimeoutNanos = config.connectionTimeout().toNanos();
        validationTimeoutNanos = config.validationTimeout().toNanos();
        idleTimeoutNanos = config.idleTimeout().toNanos();
        maxLifetimeNanos = config.maxLifetime().toNanos();
        keepaliveNanos = config.keepaliveTime().toNanos();
    }

    long connectionTimeoutNanos() {
        return connectionTimeoutNanos;
    }

    long validationTimeoutNanos() {
        return validationTimeoutNanos;
    }

    /** 0: idle connections are never retired for being idle. */
    long idleTimeoutNanos() {
        return idleTimeoutNanos;
    }

    /** 0: no lifetime limit. Applies to connections opened from then on. */
    long maxLifetimeNanos() {
        return maxLifetimeNanos;
    }

    /** 0: no keepalive checks. */
    long keepaliveNanos() {
        return keepaliveNanos;
    }
}
