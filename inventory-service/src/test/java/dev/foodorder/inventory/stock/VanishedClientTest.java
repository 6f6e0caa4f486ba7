package dev.foodorder.inventory.stock;

import dev.foodorder.infrastructure.test.RealInfrastructure;
import dev.foodorder.inventory.Shelf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * A client that vanishes in the middle of a transaction (its host gone, no TCP reset) leaves the server
 * an idle transaction holding its locks. The services' connections bound both sides of that: a waiter gives
 * up after {@code lock_timeout} with an error the consumers retry (SQLState 55P03), and the server ends the idle
 * transaction after {@code idle_in_transaction_session_timeout}, releasing its locks. The service sets a
 * minute and 30 s; this test sets them short, through the same property.
 */
@SpringBootTest(properties = "spring.datasource.hikari.data-source-properties.options="
        + "-c idle_in_transaction_session_timeout=1s -c lock_timeout=200ms")
@RealInfrastructure
class VanishedClientTest {

    private static final String TAKE_ONE = "UPDATE stock SET on_hand = on_hand - 1 WHERE sku = ?";

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    @Timeout(60) // without the timeouts the waiter would wait for ever
    void aTransactionLeftOpenLosesItsLocksAndWhoeverWaitsGivesUpToRetry() throws SQLException {
        var sku = new Shelf(jdbc).stock(5, 0);

        try (var vanished = dataSource.getConnection()) {
            vanished.setAutoCommit(false);
            try (var lock = vanished.prepareStatement("SELECT on_hand FROM stock WHERE sku = ? FOR UPDATE")) {
                lock.setString(1, sku);
                lock.executeQuery().close();
            }

            var waited = catchThrowable(() -> jdbc.update(TAKE_ONE, sku));

            // 55P03, which the consumers' error handler retries until it works (DeadLetterTopicsTest).
            assertThat(waited).as("a waiter behind the lock").rootCause()
                    .isInstanceOfSatisfying(SQLException.class, cause -> assertThat(cause.getSQLState()).isEqualTo("55P03"));
            await("the idle transaction ended by the server").atMost(Duration.ofSeconds(30))
                    .ignoreExceptionsInstanceOf(DataAccessException.class)
                    .untilAsserted(() -> assertThat(jdbc.update(TAKE_ONE, sku)).isEqualTo(1));
            assertThatThrownBy(() -> vanished.createStatement().execute("SELECT 1")).isInstanceOf(SQLException.class);
        }
        assertThat(jdbc.queryForObject("SELECT on_hand FROM stock WHERE sku = ?", Integer.class, sku)).isEqualTo(4);
    }
}
