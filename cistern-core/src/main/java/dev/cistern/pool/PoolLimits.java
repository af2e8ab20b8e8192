package dev.cistern.pool;

import dev.cistern.PoolConfig;

/**
 * The sizes in force, which runtime control changes while the pool runs and everything else reads:
 * {@code maximumPoolSize} (as configured, or as last set by {@code resize}), the effective maximum (the
 * size the pool may grow to now: the maximum, or less while the autoscaler holds it smaller) and
 * {@code minimumIdle}. Written only by {@link RuntimeControl} under its lock; read anywhere without one.
 */
final class PoolLimits {
    private volatile int maximumPoolSize;
    private volatile int effectiveMaximumPoolSize;
    private volatile int minimumIdle;

    PoolLimits(PoolConfig config) {
        this.maximumPoolSize = config.maximumPoolSize();
        this.effectiveMaximumPoolSize = config.maximumPoolSize();
        this.minimumIdle = config.minimumIdle();
    }

    int maximumPoolSize() {
        return maximumPoolSize;
    }

    int effectiveMaximumPoolSize() {
        return effectiveMaximumPoolSize;
    }

    int minimumIdle() {
        return minimumIdle;
    }

    void set(int newMinimumIdle, int newMaximumPoolSize, int newEffectiveMaximumPoolSize) {
        minimumIdle = newMinimumIdle;
        maximumPoolSize = newMaximumPoolSize;
        effectiveMaximumPoolSize = newEffectiveMaximumPoolSize;
    }

    void setEffectiveMaximumPoolSize(int size) {
        effectiveMaximumPoolSize = size;
    }
}
