package dev.foodorder.messaging.consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

import java.sql.SQLException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterTopicsTest {

    @Test
    void theDeadLetterCountOfEveryContractTopicIsThereAtZeroBeforeTheFirstRecordIsParked() {
        var meters = new SimpleMeterRegistry();

        DeadLetterTopics.parking(new DefaultKafkaProducerFactory<>(Map.of()), meters, parked -> { });

        var counters = meters.find("events.dead.lettered").counters();
        assertThat(counters).extracting(counter -> counter.getId().getTag("topic"))
                .containsExactlyInAnyOrder("orders.DLT", "inventory.DLT", "customers.DLT");
        assertThat(counters).extracting(Counter::count).containsOnly(0.0);
    }

    @Test
    void aBatchListenersRecordIsParkedAsFailedByWhatTheHandlerThrewInItsGroup() {
        var thrown = new IllegalStateException("the oven is cold");
        var failure = new ListenerExecutionFailedException("Listener failed", "kitchen",
                new BatchListenerFailedException("Handling orders-3@17 failed", thrown, 0));

        var parkedAs = DeadLetterTopics.asTheHandlerFailed(failure);

        assertThat(parkedAs).isInstanceOf(ListenerExecutionFailedException.class).hasCause(thrown);
        assertThat(((ListenerExecutionFailedException) parkedAs).getGroupId()).isEqualTo("kitchen");
        var malformed = new ListenerExecutionFailedException("unreadable", "kitchen", new IllegalArgumentException("no ce_type"));
        assertThat(DeadLetterTopics.asTheHandlerFailed(malformed)).isSameAs(malformed);
    }

    @Test
    void aDatabaseThatIsAwayIsATransientFailureWhereverItIsWrapped() {
        var noConnection = new CannotGetJdbcConnectionException("no connection", new SQLException("refused"));
        var noTransaction = new CannotCreateTransactionException("no transaction", noConnection);

        assertThat(DeadLetterTopics.isTransient(new ListenerExecutionFailedException("listener failed", noTransaction))).isTrue();
        assertThat(DeadLetterTopics.isTransient(noConnection)).isTrue();
    }

    @Test
    void aLockTimeoutADeadlockOrALostConnectionIsTransientEvenWhereSpringLeavesItUncategorized() {
        for (var sqlState : new String[] {"55P03", "40P01", "40001", "08006", "57P01"}) {
            var uncategorized = new UncategorizedSQLException("update", "UPDATE stock ...", new SQLException("failed", sqlState));

            assertThat(DeadLetterTopics.isTransient(new ListenerExecutionFailedException("listener failed", uncategorized)))
                    .as("SQLState %s", sqlState).isTrue();
        }
    }

    @Test
    void aTransactionThatCouldNotBeRolledBackIsTransient() {
        var rollbackFailed = new TransactionSystemException("Could not roll back", new SQLException("Connection is closed"));

        assertThat(DeadLetterTopics.isTransient(new ListenerExecutionFailedException("listener failed", rollbackFailed))).isTrue();
    }

    @Test
    void aViolatedConstraintIsNotTransient() {
        var violation = new UncategorizedSQLException("insert", "INSERT ...", new SQLException("duplicate key", "23505"));

        assertThat(DeadLetterTopics.isTransient(violation)).isFalse();
    }

    @Test
    void aBugOrABadRecordIsNotTransient() {
        assertThat(DeadLetterTopics.isTransient(new ListenerExecutionFailedException("listener failed",
                new IllegalStateException("bug")))).isFalse();
    }
}
