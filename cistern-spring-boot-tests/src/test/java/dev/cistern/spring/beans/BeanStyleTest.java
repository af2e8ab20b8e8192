package dev.cistern.spring.beans;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cistern.CisternDataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import javax.sql.DataSource;
import org.apache.naming.ResourceRef;
import org.apache.naming.factory.BeanFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import javax.naming.StringRefAddr;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.GenericXmlApplicationContext;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * The ways Spring applications made pools before starters, which must keep working: Spring's
 * {@code DataSourceBuilder} (and a {@code @ConfigurationProperties} bean filled by Spring's binder), XML bean
 * definitions, and a JNDI bean factory (Tomcat's, as a {@code <Resource factory="...BeanFactory">} uses it).
 */
class BeanStyleTest {
    @TempDir
    Path dir;

    private String url() {
        return "jdbc:sqlite:" + dir.resolve("beans.db");
    }

    private static int selectOne(DataSource dataSource) throws Exception {
        try (Connection c = dataSource.getConnection(); ResultSet rs = c.createStatement().executeQuery("select 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void dataSourceBuilderMakesAPoolThatStartsAtFirstUse() throws Exception {
        CisternDataSource ds = DataSourceBuilder.create().type(CisternDataSource.class).url(url())
                .username("app").password("s3cret").build();
        try (ds) {
            assertThat(ds.config()).as("lazy, as HikariDataSource").isNull();
            assertThat(ds.getUrl()).isEqualTo(url());
            assertThat(selectOne(ds)).isEqualTo(1);
            assertThat(ds.config().username()).isEqualTo("app");
            assertThat(ds.config().driverClassName()).as("Boot's DataSourceBuilder fills it in from the URL")
                    .isEqualTo("org.sqlite.JDBC");

            // what Flyway and Liquibase do to connect with other settings: read the pool's back
            SimpleDriverDataSource derived = DataSourceBuilder.derivedFrom(ds).type(SimpleDriverDataSource.class).build();
            assertThat(derived.getUrl()).isEqualTo(url());
            assertThat(derived.getUsername()).isEqualTo("app");
            assertThat(derived.getPassword()).isEqualTo("s3cret");
        }
    }

    /** The way Boot's docs show a second data source: DataSourceBuilder, then the binder fills the rest. */
    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties
    static class SecondDataSource {
        @Bean(destroyMethod = "close")
        @ConfigurationProperties("app.reports")
        CisternDataSource reports() {
            return DataSourceBuilder.create().type(CisternDataSource.class).build();
        }
    }

    @Test
    void springsBinderFillsEverySettingOfABuilderMadePool() throws Exception {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SecondDataSource.class)
                .web(org.springframework.boot.WebApplicationType.NONE)
                .properties("app.reports.jdbc-url=" + url(), "app.reports.maximum-pool-size=4",
                        "app.reports.connection-timeout=3000", "app.reports.pool-name=reports",
                        "app.reports.circuit-breaker-enabled=false", "app.reports.transaction-isolation=TRANSACTION_SERIALIZABLE",
                        "app.reports.data-source-properties.busy_timeout=2000")
                .run()) {
            CisternDataSource ds = context.getBean(CisternDataSource.class);
            assertThat(selectOne(ds)).isEqualTo(1);
            assertThat(ds.config().maximumPoolSize()).isEqualTo(4);
            assertThat(ds.config().connectionTimeout()).hasMillis(3000);
            assertThat(ds.config().poolName()).isEqualTo("reports");
            assertThat(ds.config().circuitBreakerEnabled()).isFalse();
            assertThat(ds.config().transactionIsolation()).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
            assertThat(ds.config().dataSourceProperties()).containsEntry("busy_timeout", "2000");
        }
    }

    @Test
    void anXmlBeanDefinitionMakesAndClosesAPool() throws Exception {
        String xml = """
                <beans xmlns="http://www.springframework.org/schema/beans"
                       xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                       xsi:schemaLocation="http://www.springframework.org/schema/beans
                         https://www.springframework.org/schema/beans/spring-beans.xsd">
                  <bean id="dataSource" class="dev.cistern.CisternDataSource" destroy-method="close">
                    <property name="jdbcUrl" value="%s"/>
                    <property name="maximumPoolSize" value="3"/>
                    <property name="idleTimeout" value="60000"/>
                    <property name="poolName" value="xml pool"/>
                  </bean>
                </beans>""".formatted(url());
        CisternDataSource ds;
        try (GenericXmlApplicationContext context = new GenericXmlApplicationContext()) {
            context.load(new ByteArrayResource(xml.getBytes(StandardCharsets.UTF_8)));
            context.refresh();
            ds = context.getBean(CisternDataSource.class);
            assertThat(selectOne(ds)).isEqualTo(1);
            assertThat(ds.config().maximumPoolSize()).isEqualTo(3);
            assertThat(ds.config().idleTimeout()).hasSeconds(60);
            assertThat(ds.poolName()).isEqualTo("xml pool");
        }
        assertThat(ds.isClosed()).isTrue();
    }

    @Test
    void tomcatsJndiBeanFactoryMakesAPoolFromTextSettings() throws Exception {
        ResourceRef ref = new ResourceRef(CisternDataSource.class.getName(), null, null, null, true);
        ref.add(new StringRefAddr("jdbcUrl", url()));
        ref.add(new StringRefAddr("maximumPoolSize", "2"));
        ref.add(new StringRefAddr("connectionTimeout", "1500"));
        ref.add(new StringRefAddr("autoCommit", "false"));
        Object made = new BeanFactory().getObjectInstance(ref, null, null, null);
        try (CisternDataSource ds = (CisternDataSource) made) {
            assertThat(selectOne(ds)).isEqualTo(1);
            assertThat(ds.config().maximumPoolSize()).isEqualTo(2);
            assertThat(ds.config().connectionTimeout()).hasMillis(1500);
            assertThat(ds.config().autoCommit()).isFalse();
        }
        assertThat(Files.exists(dir.resolve("beans.db"))).isTrue();
    }
}
