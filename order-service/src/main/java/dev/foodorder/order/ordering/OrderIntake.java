package dev.foodorder.order.ordering;

import dev.foodorder.events.OrderId;
import dev.foodorder.messaging.TraceContext;
import dev.foodorder.messaging.outbox.Outbox;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Collectors;

/**
 * Group commit of new orders. Each request hands its order to one writer and waits; the writer
 * takes every order that has arrived meanwhile and commits them together, with one statement per
 * table and one durable commit for all (docs/adr/0016-group-commit.md). A request is answered only
 * once its own order has committed. Nobody waits for company: an order that arrives alone is written
 * at once, and orders pile up only while the previous commit is under way, which is when sharing
 * it pays.
 */
@Component
class OrderIntake implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OrderIntake.class);
    private static final Request STOP = new Request(null, null, null, null);

    private final NewOrders newOrders;
    private final IdempotencyKeys idempotencyKeys;
    private final Outbox outbox;
    private final TraceContext traceContext;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final int maxBatch;
    private final DistributionSummary batchSizes;
    private final BlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private volatile Thread writer;

    OrderIntake(NewOrders newOrders, IdempotencyKeys idempotencyKeys, Outbox outbox, TraceContext traceContext,
                ApplicationEventPublisher events, PlatformTransactionManager transactions, OrderingProperties properties,
                MeterRegistry meters) {
        this.newOrders = newOrders;
        this.idempotencyKeys = idempotencyKeys;
        this.outbox = outbox;
        this.traceContext = traceContext;
        this.events = events;
        this.transaction = new TransactionTemplate(transactions);
        this.maxBatch = properties.intake().maxBatch();
        this.batchSizes = DistributionSummary.builder("orders.intake.batch")
                .description("Orders committed together by one transaction of the intake")
                .register(meters);
    }

    /**
     * Writes the new order, its event (to the outbox) and its history, and returns once they have
     * committed.
     *
     * @param key the request's {@code Idempotency-Key}, claimed for the placement's order, or null
     * @return the order as written, or empty if its key belongs to another request, which has committed
     */
    Optional<Order> place(Order.Placement placement, IdempotencyKeys.Claim key) {
        var request = new Request(placement, key, traceContext.traceparent(), new CompletableFuture<>());
        if (writer == null) {
            throw new IllegalStateException("The order intake is not running");
        }
        queue.add(request);
        try {
            return request.written.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private void run() {
        var batch = new ArrayList<Request>(maxBatch);
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            queue.drainTo(batch, maxBatch - 1);
            var stopping = batch.remove(STOP);
            if (!batch.isEmpty()) {
                writeBatch(batch);
            }
            batch.clear();
            if (stopping) {
                return;
            }
        }
    }

    /** Commits the requests together; if that fails, each alone, so that one bad order fails nobody else's. */
    void writeBatch(List<Request> batch) {
        try {
            write(batch);
            batchSizes.record(batch.size());
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                batch.getFirst().written.completeExceptionally(e);
                return;
            }
            log.info("{} orders failed to commit together ({}); committing them one by one", batch.size(), e.toString());
            batch.forEach(request -> writeBatch(List.of(request)));
        }
    }

    private void write(List<Request> batch) {
        var placed = transaction.execute(status -> {
            var requests = claimed(batch);
            if (!requests.isEmpty()) {
                var orders = requests.stream().map(request -> request.placement.order()).toList();
                var envelopes = outbox.appendEntries(requests.stream()
                        .map(request -> new Outbox.Entry(request.placement.event(), request.traceparent)).toList());
                for (int i = 0; i < orders.size(); i++) {
                    orders.get(i).recordPlaced(envelopes.get(i));
                }
                newOrders.insert(orders);
                orders.forEach(order -> events.publishEvent(OrderStatusChanged.placed(order)));
            }
            return requests.stream().map(Request::orderId).collect(Collectors.toSet());
        });
        for (var request : batch) {
            var order = request.placement.order();
            request.written.complete(placed.contains(order.id()) ? Optional.of(order) : Optional.empty());
        }
    }

    /** The requests without a key, and those whose key this transaction could claim. */
    private List<Request> claimed(List<Request> batch) {
        var claims = batch.stream().map(Request::key).filter(Objects::nonNull).toList();
        var claimed = claims.isEmpty() ? Set.<OrderId>of() : idempotencyKeys.claimAll(claims);
        return batch.stream().filter(request -> request.key == null || claimed.contains(request.orderId())).toList();
    }

    record Request(Order.Placement placement, IdempotencyKeys.Claim key, String traceparent,
                   CompletableFuture<Optional<Order>> written) {

        OrderId orderId() {
            return placement.order().id();
        }
    }

    @Override
    public void start() {
        var thread = Thread.ofPlatform().name("order-intake").daemon().unstarted(this::run);
        writer = thread;
        thread.start();
    }

    /** After the web server has stopped, so every request it let in is written first. */
    @Override
    public void stop() {
        var thread = writer;
        writer = null;
        queue.add(STOP);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        var stranded = new ArrayList<Request>();
        queue.drainTo(stranded);
        stranded.forEach(request -> request.written.completeExceptionally(new IllegalStateException("The order intake stopped")));
    }

    @Override
    public boolean isRunning() {
        return writer != null;
    }

    /** Started before and stopped after the web server (which is at {@code DEFAULT_PHASE - 2048}). */
    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 4096;
    }
}
