package dev.cistern;

import dev.cistern.settings.Kind;
import dev.cistern.settings.Setting;
import static dev.cistern.StubPools.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cistern.testkit.stub.StubDatabase;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** The pool's MXBean, read and driven through the platform MBean server as a JMX console would. */
class MXBeanTest {
    private final StubDatabase db = StubDatabase.create();
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    @Test
    void registeredUnderItsNameWithStatsAndOperationsAndGoneAfterClose() throws Exception {
        ObjectName name = new ObjectName("dev.cistern:type=Pool,name=jmx-test");
        CisternDataSource ds = new CisternDataSource(config(db).poolName("jmx-test").registerMbeans(true).build());
        try {
            assertThat(server.isRegistered(name)).isTrue();
            CisternMXBean bean = JMX.newMXBeanProxy(server, name, CisternMXBean.class);
            try (Connection c = ds.getConnection()) {
                assertThat(bean.getActiveConnections()).isEqualTo(1);
                assertThat(server.getAttribute(name, "TotalConnections")).isEqualTo(1);
            }
            assertThat(bean.getPoolName()).isEqualTo("jmx-test");
            assertThat(bean.getCircuitState()).isEqualTo("CLOSED");
            assertThat(bean.getMaximumPoolSize()).isEqualTo(4);
            assertThat(server.getAttribute(name, "CircuitRefusals")).isEqualTo(0L);
            assertThat(server.getAttribute(name, "SuspendedRefusals")).isEqualTo(0L);
            assertThat(server.getAttribute(name, "Health")).isEqualTo("UP");
            assertThat(server.getAttribute(name, "OldestWaiterAgeMillis")).isEqualTo(0L);
            assertThat(server.getAttribute(name, "BorrowsPerSecond")).isInstanceOf(Double.class);
            assertThat(server.getAttribute(name, "RecentWaitP99Millis")).isEqualTo(0.0);

            bean.resize(0, 6);
            assertThat(ds.stats().maximumPoolSize()).isEqualTo(6);
            bean.suspendPool();
            assertThat(bean.isSuspended()).isTrue();
            bean.resumePool();
            assertThat(ds.stats().suspended()).isFalse();
            assertThat(bean.resetCircuit()).isEqualTo("CLOSED");

            // HikariCP's writable timeout attributes, same names, milliseconds
            server.setAttribute(name, new javax.management.Attribute("ConnectionTimeout", 1_234L));
            assertThat(ds.config().connectionTimeout()).isEqualTo(java.time.Duration.ofMillis(1_234));
            assertThat(bean.getConnectionTimeout()).isEqualTo(1_234L);
            bean.setIdleTimeout(0);
            assertThat(ds.config().idleTimeout()).isZero();
            bean.setMaxLifetime(600_000);
            bean.setValidationTimeout(900);
            assertThat(bean.getMaxLifetime()).isEqualTo(600_000L);
            assertThat(bean.getValidationTimeout()).isEqualTo(900L);
            assertThatThrownBy(() -> bean.setConnectionTimeout(-1)).hasMessageContaining("connectionTimeout");
            assertThatThrownBy(() -> bean.setLeakDetectionThreshold(5_000)).hasMessageContaining("leakDetectionThreshold");
            assertThat(bean.getLeakDetectionThreshold()).isZero();
            bean.softEvictConnections();
            assertThat(ds.stats().idle()).isZero();

            // A second pool with the same name still starts; it just has no MXBean.
            try (CisternDataSource twin = new CisternDataSource(config(db).poolName("jmx-test").registerMbeans(true).build());
                 Connection c = twin.getConnection()) {
                assertThat(c.isValid(1)).isTrue();
            }
            assertThat(server.isRegistered(name)).as("the twin did not take the first pool's bean away").isTrue();
        } finally {
            ds.close();
        }
        assertThat(server.isRegistered(name)).isFalse();
    }

    /**
     * Every setting a running pool takes (the table's runtime column) is an attribute under HikariCP's name,
     * writable, and readable unless it is a secret; a name HikariCP accepts, JMX's special characters in it, is
     * quoted in the ObjectName rather than refused.
     */
    @Test
    void theRuntimeSettingsAreAttributesAndAnyNameRegisters() throws Exception {
        String poolName = "Orders Pool (primary): eu,1";
        ObjectName name = new ObjectName("dev.cistern:type=Pool,name=" + ObjectName.quote(poolName));
        try (CisternDataSource ds = new CisternDataSource(config(db).poolName(poolName).registerMbeans(true).build())) {
            assertThat(server.isRegistered(name)).isTrue();
            javax.management.MBeanInfo info = server.getMBeanInfo(name);
            for (Setting<?> setting : Settings.all()) {
                if (setting.runtime() == Setting.Runtime.FIXED) {
                    continue;
                }
                String attribute = Names.capitalized(setting.javaName());
                javax.management.MBeanAttributeInfo found = java.util.Arrays.stream(info.getAttributes())
                        .filter(a -> a.getName().equals(attribute)).findFirst().orElse(null);
                assertThat(found).as("attribute " + attribute).isNotNull();
                assertThat(found.isWritable()).as(attribute + " writable").isTrue();
                assertThat(found.isReadable()).as(attribute + " readable").isEqualTo(setting.kind != Kind.SECRET);
            }
            server.setAttribute(name, new javax.management.Attribute("MaximumPoolSize", 7));
            assertThat(ds.stats().maximumPoolSize()).isEqualTo(7);
            server.setAttribute(name, new javax.management.Attribute("KeepaliveTime", 45_000L));
            assertThat(ds.config().keepaliveTime()).isEqualTo(java.time.Duration.ofSeconds(45));
            server.setAttribute(name, new javax.management.Attribute("Username", "other"));
            assertThat(ds.config().username()).isEqualTo("other");
        }
        assertThat(server.isRegistered(name)).isFalse();
    }

    @Test
    void offByDefault() throws Exception {
        try (CisternDataSource ds = new CisternDataSource(config(db).poolName("jmx-off").build())) {
            assertThat(server.isRegistered(new ObjectName("dev.cistern:type=Pool,name=jmx-off"))).isFalse();
        }
    }
}
