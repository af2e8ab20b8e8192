package dev.cistern;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers one pool's {@link CisternMXBean} with the platform MBean server and removes it on close. The
 * bean sees the pool only through {@link ManagedPool}.
 * A failure to register (a second pool with the same name, a locked-down server) is logged, not fatal: the
 * pool works without JMX.
 */
final class PoolMXBeanRegistration {
    private static final Logger log = LoggerFactory.getLogger(PoolMXBeanRegistration.class);

    private final ObjectName name;

    private PoolMXBeanRegistration(ObjectName name) {
        this.name = name;
    }

    static ObjectName objectName(String poolName) throws JMException {
        return new ObjectName("dev.cistern:type=Pool,name=" + poolName);
    }

    /** Registers the bean for {@code pool}; null when it could not be registered (already logged). */
    static PoolMXBeanRegistration register(ManagedPool pool) {
        try {
            ObjectName name = objectName(pool.poolName());
            ManagementFactory.getPlatformMBeanServer().registerMBean(new Bean(pool), name);
            return new PoolMXBeanRegistration(name);
        } catch (JMException | RuntimeException e) {
            log.warn("{} - could not register the JMX MXBean (is another pool using the name?): {}",
                    pool.poolName(), e.toString());
            return null;
        }
    }

    void unregister() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
        } catch (JMException e) {
            log.debug("could not unregister {}: {}", name, e.toString());
        }
    }

    /** The MXBean itself: a view over the pool, reading a fresh stats snapshot per attribute. */
    private static final class Bean implements CisternMXBean {
        private final ManagedPool pool;

        Bean(ManagedPool pool) {
            this.pool = pool;
        }

        @Override public String getPoolName() { return pool.poolName(); }
        @Override public int getTotalConnections() { return pool.stats().total(); }
        @Override public int getActiveConnections() { return pool.stats().active(); }
        @Override public int getIdleConnections() { return pool.stats().idle(); }
        @Override public int getThreadsAwaitingConnection() { return pool.stats().pending(); }
        @Override public int getPeakActiveConnections() { return pool.stats().peakActive(); }
        @Override public int getMaximumPoolSize() { return pool.stats().maximumPoolSize(); }
        @Override public int getMinimumIdle() { return pool.stats().minimumIdle(); }
        @Override public int getEffectiveMaximumPoolSize() { return pool.stats().effectiveMaximumPoolSize(); }
        @Override public long getConnectionsCreated() { return pool.stats().created(); }
        @Override public long getConnectionsDestroyed() { return pool.stats().destroyed(); }
        @Override public long getConnectionTimeouts() { return pool.stats().timeouts(); }
        @Override public long getCircuitRefusals() { return pool.stats().circuitRefusals(); }
        @Override public long getSuspendedRefusals() { return pool.stats().suspendedRefusals(); }
        @Override public long getLeaksDetected() { return pool.stats().leaksDetected(); }
        @Override public long getLeaksReclaimed() { return pool.stats().leaksReclaimed(); }
        @Override public double getBorrowsPerSecond() { return pool.stats().borrowsPerSecond(); }
        @Override public long getOldestWaiterAgeMillis() { return pool.stats().oldestWaiterAge().toMillis(); }
        @Override public double getRecentWaitP99Millis() { return pool.stats().recentWaitTime().p99().toNanos() / 1e6; }
        @Override public String getHealth() { return pool.health().status().name(); }
        @Override public String getCircuitState() { return pool.circuitState().name(); }
        @Override public boolean isSuspended() { return pool.stats().suspended(); }
        @Override public void softEvictConnections() { pool.softEvictConnections(); }
        @Override public void suspendPool() { pool.suspend(); }
        @Override public void resumePool() { pool.resume(); }
        @Override public String resetCircuit() { return pool.resetCircuit().name(); }
        @Override public void resize(int minimumIdle, int maximumPoolSize) { pool.resize(minimumIdle, maximumPoolSize); }
        @Override public long getConnectionTimeout() { return pool.config().connectionTimeout().toMillis(); }
        @Override public void setConnectionTimeout(long ms) { pool.changeTimeouts(b -> b.connectionTimeout(millis(ms))); }
        @Override public long getValidationTimeout() { return pool.config().validationTimeout().toMillis(); }
        @Override public void setValidationTimeout(long ms) { pool.changeTimeouts(b -> b.validationTimeout(millis(ms))); }
        @Override public long getIdleTimeout() { return pool.config().idleTimeout().toMillis(); }
        @Override public void setIdleTimeout(long ms) { pool.changeTimeouts(b -> b.idleTimeout(millis(ms))); }
        @Override public long getMaxLifetime() { return pool.config().maxLifetime().toMillis(); }
        @Override public void setMaxLifetime(long ms) { pool.changeTimeouts(b -> b.maxLifetime(millis(ms))); }
        @Override public long getLeakDetectionThreshold() { return pool.config().leakDetectionThreshold().toMillis(); }
        @Override public void setLeakDetectionThreshold(long ms) {
            pool.changeTimeouts(b -> b.leakDetectionThreshold(millis(ms)));
        }

        private static java.time.Duration millis(long ms) {
            return java.time.Duration.ofMillis(ms);
        }
    }
}
