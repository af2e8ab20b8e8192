package dev.cistern.spring;

import dev.cistern.CisternDataSource;
import dev.cistern.micrometer.CisternMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Binds {@link CisternMetrics} for every Cistern pool in the context to every Micrometer registry Boot
 * manages (Boot applies {@link MeterBinder} beans once all singletons exist, so every pool is found):
 * OpenTelemetry's {@code db.client.connection.*} names, Cistern's {@code cistern.connections.*} and, since the
 * starter takes HikariCP's place, HikariCP's {@code hikaricp.connections.*} too, so dashboards built for HikariCP
 * keep working ({@code cistern.micrometer.hikari-names=false} leaves those out).
 * {@code cistern.micrometer.enabled=false} turns it all off.
 */
@AutoConfiguration(after = CisternAutoConfiguration.class)
@ConditionalOnClass({MeterRegistry.class, CisternMetrics.class, CisternDataSource.class})
@ConditionalOnProperty(name = "cistern.micrometer.enabled", matchIfMissing = true)
public class CisternMetricsAutoConfiguration {

    @Bean
    MeterBinder cisternMeters(ListableBeanFactory beans, Environment environment) {
        boolean hikariNames = environment.getProperty("cistern.micrometer.hikari-names", Boolean.class, true);
        return registry -> {
            Map<String, CisternDataSource> pools = CisternPools.among(beans.getBeansOfType(DataSource.class));
            if (!pools.isEmpty()) {
                CisternMetrics metrics = CisternMetrics.of(new ArrayList<>(pools.values()));
                (hikariNames ? metrics.withHikariNames() : metrics).bindTo(registry);
            }
        };
    }
}
