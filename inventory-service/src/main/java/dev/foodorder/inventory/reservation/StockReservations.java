package dev.foodorder.inventory.reservation;

import dev.foodorder.events.IntegrationEvent;
import dev.foodorder.events.OrderId;
import dev.foodorder.events.inventory.ReservedItem;
import dev.foodorder.events.inventory.StockReleased;
import dev.foodorder.events.inventory.StockReservationFailed;
import dev.foodorder.events.inventory.StockReservationFailed.Reason;
import dev.foodorder.events.inventory.StockReservationFailed.Shortage;
import dev.foodorder.events.inventory.StockReserved;
import dev.foodorder.events.order.OrderCancelled;
import dev.foodorder.events.order.OrderEvent;
import dev.foodorder.events.order.OrderPlaced;
import dev.foodorder.inventory.stock.Stock;
import dev.foodorder.inventory.stock.Stocks;
import dev.foodorder.messaging.outbox.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reserves stock for placed orders, all lines or none, and gives it back when they are cancelled.
 * Each change and the events that report it commit together, through the outbox.
 */
@Service
public class StockReservations {

    private static final Logger log = LoggerFactory.getLogger(StockReservations.class);

    private final Stocks stocks;
    private final Reservations reservations;
    private final Outbox outbox;

    StockReservations(Stocks stocks, Reservations reservations, Outbox outbox) {
        this.stocks = stocks;
        this.reservations = reservations;
        this.outbox = outbox;
    }

    /**
     * Reserves every line of the order, or none of them, and answers with {@code StockReserved}
     * (plus a {@code StockLevelLow} for each sku that fell below its threshold) or with
     * {@code StockReservationFailed}.
     */
    @Transactional
    public ReservationOutcome reserve(OrderPlaced order) {
        var orderId = order.orderId();
        var known = reservations.findById(orderId.value());
        if (known.isPresent()) {
            // A replay, or the order came after its cancellation: taking stock now would hold it
            // for an order the order service has already settled.
            if (known.get().status() == Reservation.Status.CANCELLED) {
                log.info("Order {} arrived after its cancellation; nothing reserved", orderId);
                return ReservationOutcome.ORDER_ALREADY_CANCELLED;
            }
            log.info("Order {} arrived again, already {}; nothing more reserved", orderId, known.get().status());
            return ReservationOutcome.ALREADY_ANSWERED;
        }

        var requested = quantitiesBySku(order.lines());
        var stock = stocks.lockInSkuOrder(requested.keySet()).stream()
                .collect(Collectors.toMap(Stock::sku, Function.identity()));
        var now = Instant.now();
        var shortages = shortages(requested, stock);
        if (!shortages.isEmpty()) {
            var reason = shortages.stream().anyMatch(shortage -> !stock.containsKey(shortage.sku()))
                    ? Reason.UNKNOWN_ITEM : Reason.OUT_OF_STOCK;
            reservations.save(Reservation.refused(orderId, reason, now));
            outbox.append(new StockReservationFailed(orderId, reason, shortages, now));
            log.info("Order {} refused, {}: {}", orderId, reason, shortages);
            return reason == Reason.UNKNOWN_ITEM ? ReservationOutcome.UNKNOWN_ITEM : ReservationOutcome.OUT_OF_STOCK;
        }

        var items = new ArrayList<ReservedItem>();
        var events = new ArrayList<IntegrationEvent>();
        requested.forEach((sku, quantity) -> {
            items.add(new ReservedItem(sku, quantity));
            stock.get(sku).reserve(quantity, now).ifPresent(events::add);
        });
        events.addFirst(new StockReserved(orderId, items, now));
        reservations.save(Reservation.reserved(orderId, items, now));
        outbox.appendAll(events);
        log.debug("Order {} reserved: {}", orderId, items);
        return ReservationOutcome.RESERVED;
    }

    /**
     * Gives back what a cancelled order holds and answers with {@code StockReleased}. A cancellation
     * that comes before its order is remembered, so that the order reserves nothing when it comes.
     */
    @Transactional
    public ReservationOutcome release(OrderCancelled cancellation) {
        var orderId = cancellation.orderId();
        var now = Instant.now();
        var found = reservations.lockById(orderId.value());
        if (found.isEmpty()) {
            reservations.save(Reservation.cancelledBeforePlaced(orderId, now));
            log.info("Order {} cancelled before it arrived; it will reserve nothing", orderId);
            return ReservationOutcome.CANCELLED_BEFORE_PLACED;
        }
        var reservation = found.get();
        if (reservation.status() != Reservation.Status.RESERVED) {
            return ReservationOutcome.NOTHING_TO_RELEASE;
        }
        var items = reservation.items();
        var held = items.stream().collect(Collectors.toMap(ReservedItem::sku, ReservedItem::quantity));
        for (var stock : stocks.lockInSkuOrder(held.keySet())) {
            stock.release(held.get(stock.sku()), now);
        }
        reservation.release(now);
        outbox.append(new StockReleased(orderId, items, now));
        log.info("Order {} cancelled; released {}", orderId, items);
        return ReservationOutcome.RELEASED;
    }

    /**
     * Locks, in sku order, every stock row a batch of events may change, before any of them is
     * handled. Each event then locks its own rows again, which it already holds: two batches
     * whose orders share skus queue behind each other instead of deadlocking.
     */
    @Transactional
    public void lockStockFor(List<? extends OrderEvent> events) {
        var skus = new TreeSet<String>();
        var cancelled = new ArrayList<UUID>();
        for (var event : events) {
            switch (event) {
                case OrderPlaced placed -> placed.lines().forEach(line -> skus.add(line.sku()));
                case OrderCancelled cancellation -> cancelled.add(cancellation.orderId().value());
                default -> { }
            }
        }
        if (!cancelled.isEmpty()) {
            skus.addAll(reservations.skusOf(cancelled));
        }
        if (!skus.isEmpty()) {
            stocks.lockInSkuOrder(skus);
        }
    }

    /** The order's answer so far, if the inventory has heard of it. */
    @Transactional(readOnly = true)
    public Optional<Reservation> find(OrderId orderId) {
        return reservations.findById(orderId.value());
    }

    /**
     * An order may name a sku on several lines; stock is taken per sku. An absurd sum saturates
     * rather than overflows, so the order is refused like any other that asks for too much.
     */
    private static SortedMap<String, Integer> quantitiesBySku(List<OrderPlaced.Line> lines) {
        var quantities = new TreeMap<String, Integer>();
        for (var line : lines) {
            quantities.merge(line.sku(), line.quantity(), (a, b) -> (int) Math.min((long) a + b, Integer.MAX_VALUE));
        }
        return quantities;
    }

    /** Every line that cannot be served, in sku order; an unknown sku has nothing available. */
    private static List<Shortage> shortages(SortedMap<String, Integer> requested, Map<String, Stock> stock) {
        var shortages = new ArrayList<Shortage>();
        requested.forEach((sku, quantity) -> {
            var available = stock.containsKey(sku) ? stock.get(sku).available() : 0;
            if (available < quantity) {
                shortages.add(new Shortage(sku, quantity, available));
            }
        });
        return shortages;
    }
}
