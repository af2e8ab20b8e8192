package dev.cistern;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers one pool's {@link CisternMXBean} with the platform MBean server and removes it on close.
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

    /** Registers the bean; null when it could not be registered (already logged). */
    static PoolMXBeanRegistration register(CisternDataSource dataSource) {
        try {
            ObjectName name = objectName(dataSource.poolName());
            ManagementFactory.getPlatformMBeanServer().registerMBean(new Bean(dataSource), name);
            return new PoolMXBeanRegistration(name);
        } catch (JMException | RuntimeException e) {
            log.warn("{} - could not register the JMX MXBean (is another pool using the name?): {}",
                    dataSource.poolName(), e.toString());
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

    /** The MXBean itself: a view over the data source, reading a fresh stats snapshot per attribute. */
    private static final class Bean implements CisternMXBean {
        private final CisternDataSource ds;

        Bean(CisternDataSource ds) {
            this.ds = ds;
        }

        @Override public String getPoolName() { return ds.poolName(); }
        @Override public int getTotalConnections() { return ds.stats().total(); }
        @Override public int getActiveConnections() { return ds.stats().active(); }
        @Override public int getIdleConnections() { return ds.stats().idle(); }
        @Override public int getThreadsAwaitingConnection() { return ds.stats().pending(); }
        @Override public int getPeakActiveConnections() { return ds.stats().peakActive(); }
        @Override public int getMaximumPoolSize() { return ds.stats().maximumPoolSize(); }
        @Override public int getMinimumIdle() { return ds.stats().minimumIdle(); }
        @Override public int getEffectiveMaximumPoolSize() { return ds.stats().effectiveMaximumPoolSize(); }
        @Override public long getConnectionsCreated() { return ds.stats().created(); }
        @Override public long getConnectionsDestroyed() { return ds.stats().destroyed(); }
        @Override public long getConnectionTimeouts() { return ds.stats().timeouts(); }
        @Override public long getCircuitRefusals() { return ds.stats().circuitRefusals(); }
        @Override public long getSuspendedRefusals() { return ds.stats().suspendedRefusals(); }
        @Override public long getLeaksDetected() { return ds.stats().leaksDetected(); }
        @Override public long getLeaksReclaimed() { return ds.stats().leaksReclaimed(); }
        @Override public String getCircuitState() { return ds.circuitState().name(); }
        @Override public boolean isSuspended() { return ds.stats().suspended(); }
        @Override public void softEvictConnections() { ds.softEvictConnections(); }
        @Override public void suspendPool() { ds.suspend(); }
        @Override public void resumePool() { ds.resume(); }
        @Override public String resetCircuit() { return ds.resetCircuit().name(); }
        @Override public void resize(int minimumIdle, int maximumPoolSize) { ds.resize(minimumIdle, maximumPoolSize); }
    }
}
