package dev.foodorder.order.ordering;

import dev.foodorder.events.EventEnvelope;
import dev.foodorder.events.EventType;
import dev.foodorder.events.OrderId;
import dev.foodorder.messaging.SqlArrays;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Group commit: the orders that arrive together are written by one transaction, each request learns
 * its own order's fate, and an order the database refuses takes no other order down with it.
 */
class OrderIntakeTest extends OrderServiceIntegrationTest {

    @Autowired
    OrderIntake intake;

    @Autowired
    JdbcClient jdbc;

    @Test
    void ordersArrivingTogetherCommitInOneTransactionEachWithItsEvent() {
        var batch = List.of(request("a note", null), request(null, null), request("another", null));

        intake.writeBatch(batch);

        var ids = batch.stream().map(OrderIntake.Request::orderId).toList();
        assertThat(batch).allSatisfy(request -> assertThat(request.written().join()).isPresent());
        assertThat(jdbc.sql("SELECT count(DISTINCT xmin::text) FROM orders WHERE id = ANY (?)")
                .param(SqlArrays.of("uuid", ids.stream().map(OrderId::value).toList())).query(Long.class).single())
                .as("transactions that wrote the three orders").isEqualTo(1);
        for (var id : ids) {
            var order = order(id);
            assertThat(order.get("status").asString()).isEqualTo("PENDING");
            assertThat(order.get("items")).hasSize(2);
            assertThat(order.get("history")).hasSize(1);
            assertThat(awaitEvents(id, 1)).extracting(EventEnvelope::type).containsExactly(EventType.ORDER_PLACED);
        }
    }

    @Test
    void anOrderTheDatabaseRefusesFailsAloneAndTheOthersAreWritten() {
        var refused = request("a\u0000b", null);
        var batch = List.of(request(null, null), refused, request(null, null));

        intake.writeBatch(batch);

        assertThat(refused.written()).isCompletedExceptionally();
        assertThat(refused.written().exceptionNow()).isInstanceOf(DataAccessException.class);
        assertThat(exists(refused.orderId())).isFalse();
        for (var request : List.of(batch.get(0), batch.get(2))) {
            assertThat(request.written().join()).isPresent();
            assertThat(exists(request.orderId())).isTrue();
            assertThat(awaitEvents(request.orderId(), 1)).hasSize(1);
        }
    }

    @Test
    void anIdempotencyKeyUsedTwiceInOneBatchPlacesOneOrder() {
        var key = UUID.randomUUID().toString();
        var first = request(null, key);
        var retry = request(null, key);

        intake.writeBatch(List.of(first, retry));

        assertThat(first.written().join()).isPresent();
        assertThat(retry.written().join()).isEmpty();
        assertThat(exists(first.orderId())).isTrue();
        assertThat(exists(retry.orderId())).isFalse();
    }

    private boolean exists(OrderId id) {
        return jdbc.sql("SELECT count(*) FROM orders WHERE id = ?").param(id.value()).query(Long.class).single() == 1;
    }

    private static OrderIntake.Request request(String note, String idempotencyKey) {
        var lines = new ArrayList<OrderLine>();
        lines.add(new OrderLine("espresso", "Espresso", 2, new BigDecimal("2.50")));
        lines.add(new OrderLine("tiramisu", "Tiramisu", 1, new BigDecimal("6.00")));
        var id = OrderId.random();
        var placement = Order.place(id, "c-intake", "intake@example.org", lines, note, Duration.ofSeconds(30));
        var key = idempotencyKey != null ? new IdempotencyKeys.Claim(idempotencyKey, "same request", id) : null;
        return new OrderIntake.Request(placement, key, null, new CompletableFuture<Optional<Order>>());
    }
}
