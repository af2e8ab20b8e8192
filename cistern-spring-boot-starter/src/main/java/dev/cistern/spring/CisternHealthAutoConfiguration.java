package dev.cistern.spring;

import dev.cistern.CisternDataSource;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The actuator health indicator {@code cistern} (see {@link PoolHealthReport}), under whichever Boot is
 * running: 3.5 and 4.0 keep their health API in different packages, so each has its own indicator class,
 * and only the one whose API is present is ever loaded. {@code management.health.cistern.enabled=false}
 * turns it off.
 */
@AutoConfiguration(after = CisternAutoConfiguration.class)
@ConditionalOnClass(CisternDataSource.class)
@ConditionalOnProperty(name = "management.health.cistern.enabled", matchIfMissing = true)
public class CisternHealthAutoConfiguration {

    static Supplier<Map<String, CisternDataSource>> pools(ListableBeanFactory beans) {
        return () -> CisternPools.among(beans.getBeansOfType(DataSource.class));
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
    static class Boot3 {
        @Bean
        @ConditionalOnMissingBean(name = "cisternHealthIndicator")
        Boot3HealthIndicator cisternHealthIndicator(ListableBeanFactory beans) {
            return new Boot3HealthIndicator(pools(beans));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    static class Boot4 {
        @Bean
        @ConditionalOnMissingBean(name = "cisternHealthIndicator")
        Boot4HealthIndicator cisternHealthIndicator(ListableBeanFactory beans) {
            return new Boot4HealthIndicator(pools(beans));
        }
    }
}
