package dev.foodorder.service.secrets;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a missing password into Spring Boot's "APPLICATION FAILED TO START" report, instead of a stack trace. */
class MissingDatabasePasswordFailureAnalyzer extends AbstractFailureAnalyzer<MissingDatabasePassword> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MissingDatabasePassword cause) {
        return new FailureAnalysis(cause.description(), cause.action(), cause);
    }
}
