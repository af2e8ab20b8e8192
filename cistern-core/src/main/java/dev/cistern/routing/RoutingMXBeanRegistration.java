package dev.cistern.routing;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Registers a routing data source's {@link RoutingMXBean}; a name already taken is logged, not fatal. */
final class RoutingMXBeanRegistration {
    private static final Logger log = LoggerFactory.getLogger(RoutingMXBeanRegistration.class);

    private final ObjectName name;

    private RoutingMXBeanRegistration(ObjectName name) {
        this.name = name;
    }

    static RoutingMXBeanRegistration register(String routingName, RoutingDataSource routing) {
        try {
            ObjectName name = new ObjectName("dev.cistern:type=Routing,name=" + ObjectName.quote(routingName));
            ManagementFactory.getPlatformMBeanServer().registerMBean(new Bean(routing), name);
            return new RoutingMXBeanRegistration(name);
        } catch (JMException e) {
            log.warn("{} - the routing MXBean was not registered: {}", routingName, e.toString());
            return null;
        }
    }

    void unregister() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
        } catch (JMException e) {
            log.debug("unregistering {} failed", name, e);
        }
    }

    private static final class Bean implements RoutingMXBean {
        private final RoutingDataSource routing;

        Bean(RoutingDataSource routing) {
            this.routing = routing;
        }

        @Override public String getPrimaryRole() { return routing.stats().primaryRole().name(); }
        @Override public long getFallbackReads() { return routing.stats().fallbackReads(); }
        @Override public int getFallbackReadsNow() { return routing.stats().fallbackReadsNow(); }
        @Override public long getRefusedReads() { return routing.stats().refusedReads(); }
        @Override public void checkReplicationNow() { routing.checkReplicationNow(); }

        @Override
        public Map<String, Long> getReplicaLagMillis() {
            Map<String, Long> lag = new LinkedHashMap<>();
            routing.stats().replicas().forEach(r -> lag.put(r.name(), r.lag() == null ? -1 : r.lag().toMillis()));
            return lag;
        }

        @Override
        public Map<String, Long> getReplicaReads() {
            Map<String, Long> reads = new LinkedHashMap<>();
            routing.stats().replicas().forEach(r -> reads.put(r.name(), r.reads()));
            return reads;
        }

        @Override
        public Map<String, String> getReplicaStatus() {
            Map<String, String> status = new LinkedHashMap<>();
            routing.stats().replicas().forEach(r -> status.put(r.name(), r.passedOver() == null ? "serving"
                    : r.passedOver().name()));
            return status;
        }
    }
}
