package dev.cistern.pool;

import dev.cistern.PoolConfig;

/**
 * The sizes in force, which runtime control changes while the pool runs and everything else reads:
 * {@code maximumPoolSize} (as configured, or as last set by {@code resize}), the scaled maximum (the maximum,
 * or less while the autoscaler holds it smaller), the fleet share (what the fleet budget gives this pool; no
 * limit without a fleet), the budget share (what the JVM's connection budget gives it; no limit without one),
 * the effective maximum (the size the pool may grow to now: the smallest of those three)
 * and {@code minimumIdle}. Written only by {@link RuntimeControl} under its lock; read anywhere without one.
 */
final class PoolLimits {
    private volatile int maximumPoolSize;
    private volatile int scaledMaximumPoolSize;
    private volatile int fleetShare = Integer.MAX_VALUE;
    private volatile int budgetShare;
    private volatile int effectiveMaximumPoolSize;
    private volatile int minimumIdle;

    PoolLimits(PoolConfig config, int budgetShare) {
        this.budgetShare = budgetShare;
        this.maximumPoolSize = config.maximumPoolSize();
        this.scaledMaximumPoolSize = config.maximumPoolSize();
        // A fleet member starts at its floor; its first reading, right after start, gives it its share.
        this.fleetShare = config.fleetName() == null ? Integer.MAX_VALUE : config.fleetFloor();
        this.effectiveMaximumPoolSize = Math.min(Math.min(config.maximumPoolSize(), fleetShare), budgetShare);
        this.minimumIdle = config.minimumIdle();
    }

    int maximumPoolSize() {
        return maximumPoolSize;
    }

    int effectiveMaximumPoolSize() {
        return effectiveMaximumPoolSize;
    }

    int scaledMaximumPoolSize() {
        return scaledMaximumPoolSize;
    }

    int minimumIdle() {
        return minimumIdle;
    }

    void set(int newMinimumIdle, int newMaximumPoolSize, int newScaledMaximumPoolSize) {
        minimumIdle = newMinimumIdle;
        maximumPoolSize = newMaximumPoolSize;
        scaledMaximumPoolSize = newScaledMaximumPoolSize;
        effectiveMaximumPoolSize = effective();
    }

    void setScaledMaximumPoolSize(int size) {
        scaledMaximumPoolSize = size;
        effectiveMaximumPoolSize = effective();
    }

    void setFleetShare(int share) {
        fleetShare = share;
        effectiveMaximumPoolSize = effective();
    }

    void setBudgetShare(int share) {
        budgetShare = share;
        effectiveMaximumPoolSize = effective();
    }

    private int effective() {
        return Math.min(Math.min(scaledMaximumPoolSize, fleetShare), budgetShare);
    }
}
