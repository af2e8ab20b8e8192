package dev.cistern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The fleet settings' bad inputs, each refused naming the setting, and the name a member gives its connections. */
class FleetConfigTest {
    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/orders";

    private static PoolConfig.Builder fleet(String name) {
        return PoolConfig.builder().jdbcUrl(POSTGRES).poolName("orders-db").fleetName(name);
    }

    @Test
    void aMemberNamesItsConnectionsWithItsFleetHostProcessAndPool() {
        PoolConfig config = fleet("orders").build();
        String name = config.dataSourceProperties().getProperty("ApplicationName");
        assertThat(name).startsWith("orders@").endsWith("/" + ProcessHandle.current().pid() + "/orders-db")
                .hasSizeLessThanOrEqualTo(63);
        assertThat(config.toBuilder().build().dataSourceProperties().getProperty("ApplicationName"))
                .as("a copy keeps it").isEqualTo(name);
        assertThat(config.toBuilder().poolName("other").build().dataSourceProperties().getProperty("ApplicationName"))
                .as("and follows a new pool name").endsWith("/other");
        assertThat(PoolConfig.builder().jdbcUrl(POSTGRES).build().dataSourceProperties()).as("no fleet, no name")
                .doesNotContainKey("ApplicationName");
    }

    @Test
    void onMariaDbAndMySqlTheNameIsTheProgramNameConnectionAttribute() {
        for (String url : new String[] {"jdbc:mariadb://127.0.0.1/orders", "jdbc:mysql://127.0.0.1/orders"}) {
            PoolConfig config = PoolConfig.builder().jdbcUrl(url).poolName("orders,db:1").fleetName("orders").build();
            assertThat(config.dataSourceProperties().getProperty("connectionAttributes")).as(url)
                    .startsWith("program_name:orders@").endsWith("/orders_db_1").doesNotContain("ApplicationName");
            assertThat(config.toBuilder().build().dataSourceProperties()).isEqualTo(config.dataSourceProperties());
        }
    }

    @Test
    void badFleetSettingsAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> fleet("orders service").build()).isInstanceOf(InvalidSettingException.class)
                .hasMessage("fleet.name must be 1 to 30 letters, digits, '.', '_' or '-' (it goes into the server's"
                        + " application_name); was orders service");
        assertThatThrownBy(() -> fleet("x".repeat(31)).build()).hasMessageStartingWith("fleet.name must be 1 to 30");
        assertThatThrownBy(() -> fleet("orders").maximumPoolSize(4).fleetFloor(5).build())
                .hasMessage("fleet.floor must be at most maximumPoolSize (4); was 5");
        assertThatThrownBy(() -> fleet("orders").fleetHeadroom(-1).build())
                .hasMessageStartingWith("fleet.headroom must be between 0 and");
        assertThatThrownBy(() -> PoolConfig.builder().jdbcUrl("jdbc:sqlite::memory:").fleetName("orders").build())
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("fleet.name needs a PostgreSQL, MariaDB or MySQL jdbcUrl");
        assertThatThrownBy(() -> PoolConfig.builder().jdbcUrl("jdbc:mariadb://127.0.0.1/orders").fleetName("orders")
                .dataSourceProperty("connectionAttributes", "program_name:mine").build())
                .hasMessageContaining("remove the connectionAttributes of your own");
        assertThatThrownBy(() -> fleet("orders").dataSourceProperty("ApplicationName", "mine").build())
                .hasMessageContaining("remove the ApplicationName of your own");
        assertThatThrownBy(() -> PoolConfig.builder().jdbcUrl(POSTGRES + "?ApplicationName=mine").fleetName("orders").build())
                .hasMessageContaining("remove the ApplicationName of your own");
        Properties p = new Properties();
        p.setProperty("jdbcUrl", POSTGRES);
        p.setProperty("fleet.name", "orders");
        p.setProperty("fleet.refresh-interval", "50ms");
        assertThatThrownBy(() -> PoolConfig.fromProperties(p)).isInstanceOf(InvalidSettingException.class)
                .hasMessage("fleet.refreshInterval must be at least 100ms; was 50ms");
    }
}
