package dev.foodorder.systemtest;

import dev.foodorder.systemtest.OrderApi.NewOrder;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One scenario's account of what it did to the system: the orders it placed (its customers are
 * its own), the cancellations the order service accepted, the answers that were not what a client
 * may expect, and the stock before it began. At the end it checks the books against all of that
 * and writes its line of the summary.
 */
final class Scenario {

    private final SystemUnderTest system;
    private final int number;
    private final String title;
    /** Where the scenario begins in every service's log. */
    private final String mark;
    private final Map<UUID, PlacedOrder> placed = new ConcurrentHashMap<>();
    private final Set<UUID> cancelled = ConcurrentHashMap.newKeySet();
    private final Set<String> customers = ConcurrentHashMap.newKeySet();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final List<Supplier<String>> notes = Collections.synchronizedList(new ArrayList<>());
    private Map<String, InventoryApi.StockLevel> stockBefore;

    private Scenario(SystemUnderTest system, int number, String title, String mark) {
        this.system = system;
        this.number = number;
        this.title = title;
        this.mark = mark;
        this.stockBefore = system.inventory().stock();
    }

    /** Starts a scenario: from now on, the stock it finds is what its books start from. */
    static Scenario begin(SystemUnderTest system, int number, String title) {
        var mark = "Scenario " + number + ": " + title;
        system.mark(mark);
        return new Scenario(system, number, title, mark);
    }

    /** What the services logged since the scenario began. */
    ServiceLogs logs() {
        return system.logsSince(mark);
    }

    /** Restocks every sku up to the given available units, the nearly sold-out one up to its own. */
    Scenario stockUp(int everySku, int scarce) {
        if (!placed.isEmpty()) {
            throw new IllegalStateException("Stock up before placing orders: the books start from the stock after it");
        }
        var targets = new LinkedHashMap<String, Integer>();
        stockBefore.keySet().forEach(sku -> targets.put(sku, sku.equals(RandomOrders.SCARCE) ? scarce : everySku));
        system.inventory().stockUp(targets);
        stockBefore = system.inventory().stock();
        return this;
    }

    String customer(int index) {
        var customer = "s%d-customer-%d".formatted(number, index);
        customers.add(customer);
        return customer;
    }

    OrderApi orders() {
        return system.orders();
    }

    /** The orders the order service accepted from the scenario's customers so far. */
    Set<UUID> placedOrders() {
        return Set.copyOf(placed.keySet());
    }

    /** The scenario's customers so far. */
    Set<String> customers() {
        return Set.copyOf(customers);
    }

    /** Places an order and expects it accepted; returns what was placed. */
    PlacedOrder place(String customerId, Map<String, Integer> quantities, String... headers) {
        var order = NewOrder.of(customerId, quantities);
        var response = orders().place(order, headers);
        assertThat(response.status()).as("POST /api/orders: %s", response).isIn(201, 202);
        return placed(response, order);
    }

    /** Records an order the order service accepted with this response. */
    PlacedOrder placed(Http.Response response, NewOrder order) {
        customers.add(order.customerId());
        var id = UUID.fromString(response.json().get("orderId").asString());
        var placedOrder = new PlacedOrder(id, order.customerId(), order.quantities());
        placed.put(id, placedOrder);
        return placedOrder;
    }

    /** Records an order placed through another client, such as the live page in a browser. */
    PlacedOrder placed(UUID id, String customerId, Map<String, Integer> quantities) {
        customers.add(customerId);
        var placedOrder = new PlacedOrder(id, customerId, Map.copyOf(quantities));
        placed.put(id, placedOrder);
        return placedOrder;
    }

    void cancelled(UUID orderId) {
        cancelled.add(orderId);
    }

    void failed(String what) {
        failures.add(what);
    }

    void note(String format, Object... arguments) {
        var note = format.formatted(arguments);
        notes.add(() -> note);
    }

    /** A note about the scenario's end, written once its books are checked. */
    void noteAtTheEnd(Supplier<String> note) {
        notes.add(note);
    }

    Load load(Load.Plan plan) {
        return Load.start(this, plan, system.orders().menu());
    }

    /** Waits until every order of the scenario is confirmed, rejected or cancelled. */
    void awaitEveryOrderFinal(Duration timeout) {
        var books = books();
        await("every order of scenario " + number + " final").atMost(timeout).pollInterval(Duration.ofMillis(250))
                .until(() -> books.pendingOrders().isEmpty());
    }

    /**
     * Waits until the books balance, and stay balanced for a few seconds more (a late duplicate
     * would show then); writes the scenario's line of the summary, then asserts that nothing was
     * lost or duplicated and that every request was answered as a client may expect.
     */
    Audit assertBooksBalance(Duration timeout) {
        var books = books();
        var started = System.nanoTime();
        var seconds = Double.NaN;
        try {
            await("the books of scenario " + number + " to balance").atMost(timeout).pollInterval(Duration.ofMillis(500))
                    .until(() -> books.audit().balanced());
            seconds = (System.nanoTime() - started) / 1e9;
            await("the books of scenario " + number + " to stay balanced").during(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                    .until(() -> books.audit().balanced());
        } catch (ConditionTimeoutException e) {
            // The latest audit says what is wrong.
        }
        var result = books.latest();
        var converged = Double.isNaN(seconds) ? (System.nanoTime() - started) / 1e9 : seconds;
        Summary.record(new Summary.Row(number, title, placed.size(), cancelled.size(), result.confirmed(),
                result.rejected(), result.cancelled(), result.lost(), result.duplicated(), result.balanced(),
                Math.round(converged * 10) / 10.0, logs().redeliveries(), failures.size(),
                notes.stream().map(Supplier::get).collect(Collectors.joining("; "))));
        assertThat(failures).as("requests not answered as a client may expect").isEmpty();
        assertThat(result.problems()).as("the books of scenario %d (%s); service logs in %s", number, title, system.logs()).isEmpty();
        return result;
    }

    private Books books() {
        return new Books(system, stockBefore, Map.copyOf(placed), Set.copyOf(customers));
    }
}
