package dev.cistern;

import static dev.cistern.Settings.*;

import dev.cistern.settings.Setting;
import java.lang.management.ManagementFactory;
import java.time.Duration;
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

    /** The bean's name; a pool name with a character an ObjectName value may not hold (:,=*?"\n) is quoted. */
    static ObjectName objectName(String poolName) throws JMException {
        boolean plain = poolName.chars().noneMatch(c -> ":,=*?\"\n\\".indexOf(c) >= 0);
        return new ObjectName("dev.cistern:type=Pool,name=" + (plain ? poolName : ObjectName.quote(poolName)));
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
        // The settings a running pool takes (the table's runtime column), under HikariCP's attribute names.
        @Override public void setMaximumPoolSize(int size) { pool.change(MAXIMUM_POOL_SIZE, size); }
        @Override public void setMinimumIdle(int minimumIdle) { pool.change(MINIMUM_IDLE, minimumIdle); }
        @Override public String getUsername() { return pool.config().username(); }
        @Override public void setUsername(String username) { pool.change(USERNAME, username); }
        @Override public void setPassword(String password) { pool.change(PASSWORD, password); }
        @Override public long getConnectionTimeout() { return millis(CONNECTION_TIMEOUT); }
        @Override public void setConnectionTimeout(long ms) { change(CONNECTION_TIMEOUT, ms); }
        @Override public long getValidationTimeout() { return millis(VALIDATION_TIMEOUT); }
        @Override public void setValidationTimeout(long ms) { change(VALIDATION_TIMEOUT, ms); }
        @Override public long getIdleTimeout() { return millis(IDLE_TIMEOUT); }
        @Override public void setIdleTimeout(long ms) { change(IDLE_TIMEOUT, ms); }
        @Override public long getMaxLifetime() { return millis(MAX_LIFETIME); }
        @Override public void setMaxLifetime(long ms) { change(MAX_LIFETIME, ms); }
        @Override public long getKeepaliveTime() { return millis(KEEPALIVE_TIME); }
        @Override public void setKeepaliveTime(long ms) { change(KEEPALIVE_TIME, ms); }
        @Override public long getLeakDetectionThreshold() { return millis(LEAK_DETECTION_THRESHOLD); }
        @Override public void setLeakDetectionThreshold(long ms) { change(LEAK_DETECTION_THRESHOLD, ms); }
        @Override public long getLeakReclaimThreshold() { return millis(LEAK_RECLAIM_THRESHOLD); }
        @Override public void setLeakReclaimThreshold(long ms) { change(LEAK_RECLAIM_THRESHOLD, ms); }

        private long millis(Setting<Duration> setting) {
            return pool.config().get(setting).toMillis();
        }

        private void change(Setting<Duration> setting, long ms) {
            pool.change(setting, Duration.ofMillis(ms));
        }
    }
}
