package dev.cistern.spring;

import dev.cistern.CisternDataSource;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/** {@link PoolHealthReport} as Boot 3's actuator takes it (loaded only where that API exists). */
final class Boot3HealthIndicator implements HealthIndicator {
    private final Supplier<Map<String, CisternDataSource>> pools;

    Boot3HealthIndicator(Supplier<Map<String, CisternDataSource>> pools) {
        this.pools = pools;
    }

    @Override
    public Health health() {
        PoolHealthReport report = PoolHealthReport.of(pools.get());
        return (report.down() ? Health.down() : Health.up()).withDetails(report.details()).build();
    }
}
