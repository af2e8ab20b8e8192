package dev.cistern.pool;

import dev.cistern.PoolConfig;

/**
 * The sizes in force, which runtime control changes while the pool runs and everything else reads:
 * {@code maximumPoolSize} (as configured, or as last set by {@code resize}), the scaled maximum (the maximum,
 * or less while the autoscaler holds it smaller), the fleet share (what the fleet budget gives this pool; no
 * limit without a fleet), the effective maximum (the size the pool may grow to now: the smaller of those two)
 * and {@code minimumIdle}. Written only by {@link RuntimeControl} under its lock; read anywhere without one.
 */
final class PoolLimits {
    private volatile int maximumPoolSize;
    private volatile int scaledMaximumPoolSize;
    private volatile int fleetShare = Integer.MAX_VALUE;
    private volatile int effectiveMaximumPoolSize;
    private volatile int minimumIdle;

    PoolLimits(PoolConfig config) {
        this.maximumPoolSize = config.maximumPoolSize();
        this.scaledMaximumPoolSize = config.maximumPoolSize();
        // A fleet member starts at its floor; its first reading, right after start, gives it its share.
        this.fleetShare = config.fleetName() == null ? Integer.MAX_VALUE : config.fleetFloor();
        this.effectiveMaximumPoolSize = Math.min(config.maximumPoolSize(), fleetShare);
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
        effectiveMaximumPoolSize = Math.min(newScaledMaximumPoolSize, fleetShare);
    }

    void setScaledMaximumPoolSize(int size) {
        scaledMaximumPoolSize = size;
        effectiveMaximumPoolSize = Math.min(size, fleetShare);
    }

    void setFleetShare(int share) {
        fleetShare = share;
        effectiveMaximumPoolSize = Math.min(scaledMaximumPoolSize, share);
    }
}
