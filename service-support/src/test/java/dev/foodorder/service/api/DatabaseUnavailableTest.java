package dev.foodorder.service.api;

import jakarta.validation.ValidationException;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseUnavailableTest {

    private final ApiProblems problems = new ApiProblems();

    private static Exception poolTimeout() {
        return new CannotCreateTransactionException("Could not open JPA EntityManager for transaction",
                new SQLTransientConnectionException("HikariPool-1 - Connection is not available, request timed out after 2000ms"));
    }

    @Test
    void answers503WithRetryAfterWhenNoConnectionComesInTime() {
        var answer = problems.unexpected(poolTimeout());

        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("1");
        assertThat(answer.getBody().getStatus()).isEqualTo(503);
    }

    @Test
    void answers503AlsoWhenAValidatorsQueryHitThePoolTimeout() {
        var answer = problems.unexpected(new ValidationException("HV000028: Unexpected exception during isValid call.", poolTimeout()));

        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("1");
    }

    @Test
    void answers503WhenTheDatabaseEndedTheSessionOrTheTransactionCouldNotBeRolledBack() {
        var sessionEnded = new RuntimeException("could not execute query",
                new SQLException("FATAL: terminating connection due to administrator command", "57P01"));
        var rollbackFailed = new TransactionSystemException("Could not roll back", new SQLException("Connection is closed"));

        assertThat(problems.unexpected(sessionEnded).getStatusCode().value()).isEqualTo(503);
        assertThat(problems.unexpected(rollbackFailed).getStatusCode().value()).isEqualTo(503);
    }

    @Test
    void answers500WithoutRetryAfterForAnyOtherFailure() {
        var answer = problems.unexpected(new IllegalStateException("a bug"));

        assertThat(answer.getStatusCode().value()).isEqualTo(500);
        assertThat(answer.getHeaders().containsHeader("Retry-After")).isFalse();
    }
}
