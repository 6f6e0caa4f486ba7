package dev.foodorder.order.ordering;

import dev.foodorder.events.OrderId;
import dev.foodorder.events.order.OrderEvent;
import dev.foodorder.messaging.outbox.Outbox;
import dev.foodorder.order.menu.Menu;
import dev.foodorder.service.api.ConflictException;
import dev.foodorder.service.api.NotFoundException;
import dev.foodorder.service.api.UnprocessableException;
import dev.foodorder.service.security.Caller;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.security.MessageDigest;
import java.time.Duration;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The order lifecycle as the API drives it: placing, cancelling, reading. Every change of status
 * commits together with the event it produced (appended to the outbox) and with the order's history.
 * New orders are committed in groups by {@link OrderIntake}.
 * The inventory's answers settle orders a batch at a time, in {@link InventoryVerdicts}.
 */
@Service
class OrderService {

    private final Orders orders;
    private final OrderIntake intake;
    private final Menu menu;
    private final IdempotencyKeys idempotencyKeys;
    private final Outbox outbox;
    private final ApplicationEventPublisher events;
    private final JsonMapper json;
    private final Duration deadline;
    /** For reads from methods of this class, which its own transactional proxy does not see. */
    private final TransactionTemplate reading;

    OrderService(Orders orders, OrderIntake intake, Menu menu, IdempotencyKeys idempotencyKeys, Outbox outbox,
                 ApplicationEventPublisher events, JsonMapper json, PlatformTransactionManager transactions,
                 OrderingProperties properties) {
        this.orders = orders;
        this.intake = intake;
        this.menu = menu;
        this.idempotencyKeys = idempotencyKeys;
        this.outbox = outbox;
        this.events = events;
        this.json = json;
        this.deadline = properties.deadline().after();
        this.reading = new TransactionTemplate(transactions);
        this.reading.setReadOnly(true);
    }

    /**
     * Places an order, or with an {@code Idempotency-Key} already used for the same request,
     * returns the order that request placed. The order is written by {@link OrderIntake}, together
     * with the others placed at the same moment.
     *
     * @throws UnprocessableException when the key was used for a different request
     */
    Placed place(PlaceOrderRequest request, String idempotencyKey) {
        var id = OrderId.random();
        var key = idempotencyKey != null ? new IdempotencyKeys.Claim(idempotencyKey, hash(request), id) : null;
        var placement = Order.place(id, request.customerId(), request.customerEmail(), price(request.items()), request.note(),
                deadline);
        return intake.place(placement, key)
                .map(order -> new Placed(OrderDetails.of(order), false))
                .orElseGet(() -> replay(key));
    }

    /** The key is held by a request that has committed, in this batch or before it. */
    private Placed replay(IdempotencyKeys.Claim key) {
        var earlier = idempotencyKeys.find(key.key())
                .orElseThrow(() -> new IllegalStateException("Idempotency-Key " + key.key() + " was taken, then vanished"));
        if (!earlier.requestHash().equals(key.requestHash())) {
            throw new UnprocessableException("This Idempotency-Key was used for a different request.");
        }
        return new Placed(reading.execute(status -> find(earlier.orderId())), true);
    }

    /** @param replayed whether an earlier request with the same Idempotency-Key placed the order */
    record Placed(OrderDetails order, boolean replayed) {
    }

    @Transactional
    OrderDetails cancel(OrderId id, String reason, Caller caller) {
        var order = orders.findForUpdate(id).filter(found -> caller.mayRead(found.customerId())).orElseThrow(() -> notFound(id));
        change(order, o -> o.cancel(reason)).orElseThrow(() -> new ConflictException(
                "Order %s is %s: only a pending or confirmed order can be cancelled.".formatted(id, order.status())));
        return OrderDetails.of(order);
    }

    @Transactional(readOnly = true)
    OrderDetails find(OrderId id) {
        return orders.find(id).map(OrderDetails::of).orElseThrow(() -> notFound(id));
    }

    /** The order, if the caller may see it; another customer's order is not found, so that ids tell nothing. */
    @Transactional(readOnly = true)
    OrderDetails find(OrderId id, Caller caller) {
        return orders.find(id).filter(order -> caller.mayRead(order.customerId())).map(OrderDetails::of)
                .orElseThrow(() -> notFound(id));
    }

    /** Just the status: what a request waiting for the outcome reads again and again. */
    @Transactional(readOnly = true)
    OrderStatus status(OrderId id) {
        return orders.findStatus(id.value()).orElseThrow(() -> notFound(id));
    }

    @Transactional(readOnly = true)
    OrderPage search(String customerId, OrderStatus status, int page, int size) {
        var newestFirst = Sort.by(Sort.Order.desc("placedAt"), Sort.Order.desc("id"));
        return OrderPage.of(orders.search(customerId, status, PageRequest.of(page, size, newestFirst)));
    }

    private <E extends OrderEvent> Optional<E> change(Order order, Function<Order, Optional<E>> transition) {
        var from = order.status();
        var event = transition.apply(order);
        event.ifPresent(happened -> {
            order.recordSent(outbox.append(happened));
            events.publishEvent(OrderStatusChanged.changed(order, from));
        });
        return event;
    }

    private List<OrderLine> price(List<PlaceOrderRequest.Item> items) {
        return items.stream().map(item -> {
            // Validation saw it on the menu a moment ago, unless the menu was re-read in between.
            var menuItem = menu.find(item.sku())
                    .orElseThrow(() -> new UnprocessableException(item.sku() + " is no longer on the menu."));
            return new OrderLine(item.sku(), menuItem.name(), item.quantity(), menuItem.price());
        }).toList();
    }

    /** Hashes the request as read, so a retry that only reformats the JSON is still the same request. */
    private String hash(PlaceOrderRequest request) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json.writeValueAsBytes(request)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }

    private static NotFoundException notFound(OrderId id) {
        return new NotFoundException("There is no order " + id + ".");
    }
}
