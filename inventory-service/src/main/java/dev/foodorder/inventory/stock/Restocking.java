package dev.foodorder.inventory.stock;

import dev.foodorder.messaging.outbox.Outbox;
import dev.foodorder.service.api.NotFoundException;
import dev.foodorder.service.api.UnprocessableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.util.List;

/** Adds delivered units to a sku's stock and tells the operators with {@code StockReplenished}. */
@Service
class Restocking {

    private static final Logger log = LoggerFactory.getLogger(Restocking.class);

    private final Stocks stocks;
    private final Outbox outbox;

    Restocking(Stocks stocks, Outbox outbox) {
        this.stocks = stocks;
        this.outbox = outbox;
    }

    /** @return the stock after the restock */
    @Transactional
    Stock restock(String sku, int quantity) {
        var stock = stocks.lockInSkuOrder(List.of(sku)).stream().findFirst()
                .orElseThrow(() -> new NotFoundException("No stock is kept for sku " + sku + "."));
        try {
            outbox.append(stock.restock(quantity, Instant.now()));
        } catch (IllegalArgumentException e) {
            throw new UnprocessableException(e.getMessage() + ".");
        }
        log.info("Restocked {} {}: {} available", quantity, sku, stock.available());
        return stock;
    }
}
