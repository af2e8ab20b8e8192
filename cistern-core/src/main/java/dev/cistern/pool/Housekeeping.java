package dev.cistern.pool;

import dev.cistern.PoolConfig;
import dev.cistern.ScaleDecision;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * Background upkeep on one thread per pool ({@code cistern-<pool>-housekeeper}): retires idle connections
 * that are evicted, expired or idle too long, runs keepalive checks, refills to {@code minimumIdle}, and,
 * when they are on, runs leak checks and autoscaler samples. Also runs the refills the circuit breaker
 * schedules.
 */
final class Housekeeping {
    private static final int KEPT_SCALE_DECISIONS = 20;
    private static final Logger log = PoolLog.LOG;
    /** Idle connections replaced before their maxLifetime in one round, at most: a few at a time. */
    private static final int EARLY_REPLACEMENTS_PER_ROUND = 2;

    private final String name;
    private final Lender lender;
    private final ConnectionSupply supply;
    private final Validator validator;
    private final PoolLimits limits;
    private final PoolCounters counters;
    private final RuntimeControl control;
    /** Null when leak detection is off. */
    private final LeakWatch leakWatch;
    /** Null unless autoscaling is on; used only on the housekeeper thread. */
    private final AutoScaler autoScaler;
    private final Timeouts timeouts;
    private final ScheduledThreadPoolExecutor scheduler;
    private final long periodNanos;
    private final long autoscaleSampleNanos;
    /** The newest autoscaler decisions, oldest first; written by the housekeeper thread only. */
    private final ConcurrentLinkedDeque<ScaleDecision> scaleDecisions = new ConcurrentLinkedDeque<>();

    Housekeeping(PoolParts parts, ConnectionSupply supply, Validator validator, RuntimeControl control) {
        PoolConfig config = parts.config;
        this.name = parts.name;
        this.lender = parts.lender;
        this.supply = supply;
        this.validator = validator;
        this.limits = parts.limits;
        this.counters = parts.counters;
        this.control = control;
        this.leakWatch = parts.leakWatch;
        this.autoScaler = !config.autoscaleEnabled() ? null : new AutoScaler(config.autoscaleStep(),
                config.autoscaleScaleUpAt(), config.autoscaleScaleDownAt(), config.autoscaleWindow().toNanos(),
                config.autoscaleCooldown().toNanos(), config.autoscaleInterval().toNanos());
        this.timeouts = parts.timeouts;
        this.scheduler = PoolThreads.scheduler(name);
        this.periodNanos = config.housekeepingPeriod().toNanos();
        // Five autoscaler samples per interval (or per window, if shorter), and no more often than every 10 ms.
        this.autoscaleSampleNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(10),
                Math.min(config.autoscaleInterval().toNanos(), config.autoscaleWindow().toNanos()) / 5);
    }

    /** Starts the periodic work; called once the pool has started. */
    void start() {
        scheduler.scheduleWithFixedDelay(this::housekeep, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
        if (autoScaler != null) {
            scheduler.scheduleAtFixedRate(this::autoscale, autoscaleSampleNanos, autoscaleSampleNanos,
                    TimeUnit.NANOSECONDS);
        }
        if (leakWatch != null) {
            long leakPeriod = leakWatch.checkPeriodNanos();
            scheduler.scheduleWithFixedDelay(this::checkLeaks, leakPeriod, leakPeriod, TimeUnit.NANOSECONDS);
        }
    }

    /** Runs a task on the housekeeper thread after a delay; does nothing once the pool is closing. */
    void schedule(Runnable task, long delayMillis) {
        try {
            scheduler.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing: nothing left to do
        }
    }

    /** Runs a task on the housekeeper thread every {@code periodNanos}; a failure is logged, not fatal. */
    void every(long periodNanos, Runnable task) {
        scheduler.scheduleAtFixedRate(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("{} - periodic task failed", name, e);
            }
        }, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
    }

    /** The newest autoscaler decisions (up to 20), oldest first. */
    List<ScaleDecision> scaleDecisions() {
        return List.copyOf(scaleDecisions);
    }

    void stop() {
        scheduler.shutdownNow();
    }

    /** One round of upkeep; runs every {@code housekeepingPeriod}. */
    void housekeep() {
        try {
            long now = System.nanoTime();
            long idleTimeoutNanos = timeouts.idleTimeoutNanos();
            long keepaliveNanos = timeouts.keepaliveNanos();
            int idle = lender.countInState(PoolEntry.IDLE);
            int replacedEarly = 0;
            for (PoolEntry entry : lender.entries()) {
                if (entry.state() != PoolEntry.IDLE || !entry.compareAndSetState(PoolEntry.IDLE, PoolEntry.RESERVED)) {
                    continue;
                }
                String reason = null;
                if (entry.evicted) {
                    reason = "evicted";
                } else if (entry.isExpired(now)) {
                    reason = "reached maxLifetime";
                } else if (idleTimeoutNanos > 0 && idle > limits.minimumIdle() && now - entry.lastAccessNanos > idleTimeoutNanos) {
                    reason = "idle longer than idleTimeout";
                } else if (keepaliveNanos > 0 && now - entry.lastKnownAliveNanos() > keepaliveNanos && !validator.validate(entry)) {
                    reason = "failed keepalive";
                } else if (entry.expires && entry.expiresAtNanos - now < periodNanos
                        && replacedEarly < EARLY_REPLACEMENTS_PER_ROUND) {
                    // Due before the next round: replaced now, a few a round, so that neither borrowers nor the
                    // server see a crowd of connections reach maxLifetime at once.
                    replacedEarly++;
                    reason = "due to reach maxLifetime before the next round (replaced early)";
                }
                if (reason != null) {
                    idle--;
                    supply.retire(entry, reason);
                } else {
                    entry.setState(PoolEntry.IN_USE); // offer() may hand it straight to a waiter
                    lender.offer(entry);
                }
            }
            supply.requestConnections();
        } catch (RuntimeException e) {
            log.warn("{} - housekeeping failed", name, e);
        }
    }

    /** One leak check: reports borrows held too long and takes back those past the reclaim threshold. */
    private void checkLeaks() {
        try {
            leakWatch.check(lender.entries(), System.nanoTime(), entry -> {
                supply.retire(entry, "reclaimed from its holder after leakReclaimThreshold");
                supply.requestConnections();
            });
        } catch (RuntimeException e) {
            log.warn("{} - leak check failed", name, e);
        }
    }

    /** One autoscaler sample; applies and logs its decision. */
    private void autoscale() {
        try {
            int active = lender.countInState(PoolEntry.IN_USE);
            int size = limits.scaledMaximumPoolSize();
            AutoScaler.Decision decision = autoScaler.sample(System.nanoTime(), active, size, lender.waiterCount(),
                    Math.max(1, limits.minimumIdle()), limits.maximumPoolSize());
            if (!decision.changed() || decision.size() == size) {
                return;
            }
            (decision.size() > size ? counters.scaleUps : counters.scaleDowns).incrementAndGet();
            scaleDecisions.addLast(new ScaleDecision(Instant.now(), size, decision.size(), decision.reason()));
            while (scaleDecisions.size() > KEPT_SCALE_DECISIONS) {
                scaleDecisions.pollFirst();
            }
            log.info("{} - autoscale: effective maximum {} -> {} ({})", name, size, decision.size(), decision.reason());
            control.setEffectiveMaximumPoolSize(decision.size());
        } catch (RuntimeException e) {
            log.warn("{} - autoscaling failed", name, e);
        }
    }
}
