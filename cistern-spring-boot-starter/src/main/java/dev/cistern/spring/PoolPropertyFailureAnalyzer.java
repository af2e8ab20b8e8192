package dev.cistern.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a start failed by a pool setting into Boot's short "APPLICATION FAILED TO START" report: the property,
 * what is wrong with it (value and allowed range) and what to do, instead of a long stack trace.
 */
final class PoolPropertyFailureAnalyzer extends AbstractFailureAnalyzer<PoolPropertyException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, PoolPropertyException cause) {
        String description = "The connection pool (Cistern) could not start because of " + cause.property()
                + ":\n\n    " + cause.getMessage() + "\n";
        return new FailureAnalysis(description, cause.action(), cause);
    }
}
