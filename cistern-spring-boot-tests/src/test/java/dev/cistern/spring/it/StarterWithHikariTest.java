package dev.cistern.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cistern.CisternDataSource;
import dev.cistern.PoolConfig;
import dev.cistern.spring.it.app.OrdersApp;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * With HikariCP on the class path too (as when an application keeps spring-boot-starter-jdbc): the starter
 * still makes the pool Cistern, {@code spring.datasource.type} chooses explicitly, and the list of
 * HikariCP's keys the core's tests load is checked against HikariCP's own class.
 */
class StarterWithHikariTest {
    @TempDir
    Path dir;

    @Test
    void besideHikariCpTheStarterStillMakesACisternPool() {
        try (ConfigurableApplicationContext app = Apps.plain(OrdersApp.class, Apps.sqliteUrl(dir))) {
            assertThat(app.getBean(DataSource.class)).isInstanceOf(CisternDataSource.class);
        }
        try (ConfigurableApplicationContext app = Apps.plain(OrdersApp.class, Apps.sqliteUrl(dir),
                "spring.datasource.type=dev.cistern.CisternDataSource")) {
            assertThat(app.getBean(DataSource.class)).isInstanceOf(CisternDataSource.class);
        }
    }

    @Test
    void springDatasourceTypeNamingHikariCpHandsTheChoiceBackToBoot() {
        try (ConfigurableApplicationContext app = Apps.plain(OrdersApp.class, Apps.sqliteUrl(dir),
                "spring.datasource.type=com.zaxxer.hikari.HikariDataSource")) {
            assertThat(app.getBean(DataSource.class)).isInstanceOf(HikariDataSource.class);
        }
    }

    /** Every setter of HikariCP's HikariConfig is a key in the core's test data, and nothing else is. */
    @Test
    void theTestedHikariCpKeyListIsHikariCpsOwn() throws Exception {
        Set<String> hikari = Arrays.stream(HikariConfig.class.getMethods())
                .filter(m -> m.getName().startsWith("set") && m.getParameterCount() == 1
                        && Modifier.isPublic(m.getModifiers()) && m.getDeclaringClass() == HikariConfig.class)
                .map(Method::getName)
                .map(name -> Character.toLowerCase(name.charAt(3)) + name.substring(4))
                .collect(Collectors.toCollection(TreeSet::new));
        Path data = Path.of("..", "cistern-core", "src", "test", "resources", "hikaricp-7.1-keys.tsv");
        Set<String> listed = Files.readAllLines(data).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.split("\t")[0])
                .filter(key -> !key.startsWith("dataSource."))
                .collect(Collectors.toCollection(TreeSet::new));
        Properties pom = new Properties();
        try (var in = HikariConfig.class.getResourceAsStream("/META-INF/maven/com.zaxxer/HikariCP/pom.properties")) {
            pom.load(in);
        }
        assertThat(pom.getProperty("version")).as("the HikariCP version the list is for").isEqualTo("7.1.0");
        assertThat(listed).isEqualTo(hikari);
    }

    /** A class written for HikariCP's override interface cannot be called by Cistern; the error says so. */
    public static final class HikariStyleOverride implements com.zaxxer.hikari.SQLExceptionOverride {
        @java.lang.Override
        public com.zaxxer.hikari.SQLExceptionOverride.Override adjudicate(SQLException e) {
            return com.zaxxer.hikari.SQLExceptionOverride.Override.CONTINUE_EVICT;
        }
    }

    @Test
    void aHikariCpOverrideClassIsRefusedWithTheReason() {
        Properties p = new Properties();
        p.setProperty("jdbcUrl", "jdbc:sqlite::memory:");
        p.setProperty("exceptionOverrideClassName", HikariStyleOverride.class.getName());
        assertThatThrownBy(() -> PoolConfig.fromProperties(p)).hasMessageContaining("implements HikariCP's interface");
    }
}
