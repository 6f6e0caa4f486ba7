package dev.foodorder.inventory;

import dev.foodorder.messaging.outbox.Outbox;
import dev.foodorder.messaging.outbox.OutboxRelay;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static dev.foodorder.events.inventory.InventoryEventsMother.forSomeOrder;

/**
 * Markers on topic {@code inventory}, to know that every event of a key has arrived without waiting
 * a while: the outbox publishes one key's events in commit order, on one partition, so once a marker
 * appended now has arrived, nothing committed before it with its key is still on its way.
 */
public final class Markers {

    /** Their {@code ce_source}, which no event of the inventory has. */
    static final String SOURCE = "/test-marker";

    private final Outbox outbox;
    private final TransactionTemplate transactions;

    public Markers(JdbcTemplate jdbc, OutboxRelay relay, PlatformTransactionManager transactionManager) {
        this.outbox = new Outbox(jdbc, SOURCE, () -> null, relay::wakeUp);
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /** Appends a marker with the key, and returns its {@code ce_id}. */
    String append(String key) {
        // Any inventory event that takes a free string as its key will do: only tests read topic inventory here.
        var marker = forSomeOrder().replenished(key, 1, 0);
        return transactions.execute(status -> outbox.append(marker)).id().toString();
    }
}
