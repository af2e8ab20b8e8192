package dev.cistern.spring;

import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches unless the application excludes Boot's own DataSource auto-configuration ({@code
 * exclude = DataSourceAutoConfiguration.class}, or {@code spring.autoconfigure.exclude}): applications and tests
 * do that to say "no database here", and then Cistern must not make one either. Boot records the exclusions in
 * its condition report before it evaluates any auto-configuration, which is where this reads them.
 */
final class DataSourceNotExcluded extends SpringBootCondition {
    /** Boot 3.5's name, then Boot 4.0's. */
    static final List<String> BOOT_DATA_SOURCE_CONFIGURATIONS = List.of(
            "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration");

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        if (context.getBeanFactory() != null) {
            List<String> excluded = ConditionEvaluationReport.get(context.getBeanFactory()).getExclusions();
            for (String name : BOOT_DATA_SOURCE_CONFIGURATIONS) {
                if (excluded.contains(name)) {
                    return ConditionOutcome.noMatch("the application excludes " + name);
                }
            }
        }
        return ConditionOutcome.match("Boot's DataSource auto-configuration is not excluded");
    }
}
