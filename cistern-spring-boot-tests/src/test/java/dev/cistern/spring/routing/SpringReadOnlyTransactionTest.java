package dev.cistern.spring.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cistern.PoolConfig;
import dev.cistern.routing.RoutingDataSource;
import dev.cistern.testkit.stub.StubDatabase;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;

/**
 * Spring's own transaction manager over a {@link RoutingDataSource}: {@code @Transactional(readOnly = true)}
 * runs on a replica and a plain {@code @Transactional} on the primary, with no routing proxy of Spring's.
 * Each stub database counts the statements it ran.
 */
class SpringReadOnlyTransactionTest {
    static final StubDatabase PRIMARY = StubDatabase.create();
    static final StubDatabase REPLICA = StubDatabase.create();

    /** A service as applications write them. */
    public static class Catalog {
        private final JdbcTemplate jdbc;

        public Catalog(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        @Transactional(readOnly = true)
        public void browse() {
            jdbc.execute("select 1");
            jdbc.execute("select 2");
        }

        @Transactional
        public void order() {
            jdbc.execute("insert 1");
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableTransactionManagement
    static class App {
        @Bean(destroyMethod = "close")
        RoutingDataSource dataSource() {
            PoolConfig.Builder pool = PoolConfig.builder().maximumPoolSize(2).minimumIdle(0);
            return RoutingDataSource.builder().primary(pool.jdbcUrl(PRIMARY.url()).poolName("spring-primary").build())
                    .replica(REPLICA.url()).build();
        }

        @Bean
        PlatformTransactionManager transactionManager(DataSource dataSource) {
            return new DataSourceTransactionManager(dataSource);
        }

        @Bean
        JdbcTemplate jdbcTemplate(DataSource dataSource) {
            return new JdbcTemplate(dataSource);
        }

        @Bean
        Catalog catalog(JdbcTemplate jdbc) {
            return new Catalog(jdbc);
        }
    }

    @Test
    void readOnlyTransactionsRunOnTheReplicaAndTheOthersOnThePrimary() {
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(App.class)) {
            Catalog catalog = context.getBean(Catalog.class);
            long primaryBefore = PRIMARY.statementsExecuted();
            long replicaBefore = REPLICA.statementsExecuted();
            catalog.browse();
            assertThat(REPLICA.statementsExecuted() - replicaBefore).as("both reads on the replica").isEqualTo(2);
            assertThat(PRIMARY.statementsExecuted() - primaryBefore).isZero();
            assertThat(REPLICA.commits()).as("Spring committed the read-only transaction there").isPositive();

            catalog.order();
            assertThat(PRIMARY.statementsExecuted() - primaryBefore).as("the write on the primary").isEqualTo(1);
            assertThat(REPLICA.statementsExecuted() - replicaBefore).isEqualTo(2);

            RoutingDataSource routing = context.getBean(RoutingDataSource.class);
            assertThat(routing.stats().replicas().get(0).reads()).isEqualTo(1);
            assertThat(routing.primary().stats().active() + routing.replicas().values().iterator().next().stats().active())
                    .as("every connection went back").isZero();
        }
    }
}
