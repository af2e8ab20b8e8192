package dev.cistern.pool;

import dev.cistern.PoolConfig;
import dev.cistern.dialect.Dialect;
import dev.cistern.resilience.CircuitBreaker;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The parts the pool's groups share, made once from the configuration a pool starts with and handed to each
 * group's constructor in place of a dozen arguments. A group copies the parts it uses into its own final
 * fields, so the borrow path never reads through this holder.
 */
final class PoolParts {
    /** The configuration the pool started with (changes made while it runs reach the parts, not this). */
    final PoolConfig config;
    final String name;
    final Dialect dialect;
    final ConnectionFactory factory;
    final ErrorText errors;
    final Timeouts timeouts;
    final PoolLimits limits;
    final PoolCounters counters = new PoolCounters();
    final AtomicBoolean closed = new AtomicBoolean();
    final Suspension suspension = new Suspension();
    final Lender lender = new Lender(closed);
    final CircuitBreaker circuit;
    /** Null when no listener is configured, so the hot path pays one null check. */
    final PoolEvents events;
    /** Null when leak detection is off. */
    final LeakWatch leakWatch;
    /** Null unless {@code metrics.latency} is on. */
    final LatencyRecording latency;

    PoolParts(PoolConfig config, int budgetShare, CircuitBreaker.Observer circuitChanged) {
        this.config = config;
        this.name = config.poolName();
        this.dialect = Dialect.forUrl(config.jdbcUrl());
        this.factory = new ConnectionFactory(config, dialect);
        this.errors = new ErrorText(factory);
        this.timeouts = new Timeouts(config);
        this.limits = new PoolLimits(config, budgetShare);
        this.circuit = new CircuitBreaker(config.circuitBreakerEnabled(), config.circuitBreakerFailureThreshold(),
                config.circuitBreakerOpenDuration().toNanos(), circuitChanged);
        this.events = PoolEvents.of(name, config.listeners());
        this.leakWatch = config.leakDetectionThreshold().isZero() ? null : new LeakWatch(name,
                config.leakDetectionThreshold().toNanos(), config.leakReclaimThreshold().toNanos(), events);
        this.latency = config.metricsLatency() ? new LatencyRecording() : null;
    }
}
