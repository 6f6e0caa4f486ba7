package dev.foodorder.messaging.consumer;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterTopicsTest {

    @Test
    void aDatabaseThatIsAwayIsATransientFailureWhereverItIsWrapped() {
        var noConnection = new CannotGetJdbcConnectionException("no connection", new SQLException("refused"));
        var noTransaction = new CannotCreateTransactionException("no transaction", noConnection);

        assertThat(DeadLetterTopics.isTransient(new ListenerExecutionFailedException("listener failed", noTransaction))).isTrue();
        assertThat(DeadLetterTopics.isTransient(noConnection)).isTrue();
    }

    @Test
    void aBugOrABadRecordIsNotTransient() {
        assertThat(DeadLetterTopics.isTransient(new ListenerExecutionFailedException("listener failed",
                new IllegalStateException("bug")))).isFalse();
    }
}
