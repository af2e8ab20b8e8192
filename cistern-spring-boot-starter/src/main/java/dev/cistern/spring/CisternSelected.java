package dev.cistern.spring;

import dev.cistern.CisternDataSource;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches unless {@code spring.datasource.type} names another pool: with the starter on the class path,
 * Cistern is the pool, even beside HikariCP; {@code spring.datasource.type=com.zaxxer.hikari.HikariDataSource}
 * (say) hands the choice back to Boot.
 */
final class CisternSelected extends SpringBootCondition {
    static final String TYPE_PROPERTY = "spring.datasource.type";

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        String type = context.getEnvironment().getProperty(TYPE_PROPERTY);
        if (type == null || type.isBlank()) {
            return ConditionOutcome.match(TYPE_PROPERTY + " is not set");
        }
        if (type.trim().equals(CisternDataSource.class.getName())) {
            return ConditionOutcome.match(TYPE_PROPERTY + " is " + type);
        }
        return ConditionOutcome.noMatch(TYPE_PROPERTY + " is " + type + ", not " + CisternDataSource.class.getName());
    }
}
