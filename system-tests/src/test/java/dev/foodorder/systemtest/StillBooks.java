package dev.foodorder.systemtest;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.awaitility.Awaitility.await;

/**
 * What a refused request or a refused record could have changed, across the system: the orders by status,
 * the stock, the notifications, and how far each topic goes. A scenario of refusals takes them once they
 * stand still, then requires that they did not move.
 */
final class StillBooks {

    private final RunningSystem system;
    private final List<String> topics;

    StillBooks(RunningSystem system, List<String> topics) {
        this.system = system;
        this.topics = List.copyOf(topics);
    }

    Map<String, Object> now() {
        var books = new TreeMap<String, Object>();
        books.put("orders by status", system.orders().countByStatus());
        books.put("stock", system.inventory().stock());
        books.put("notifications", system.notifications().total());
        try (var groups = new ConsumerGroups(system.kafkaClient())) {
            for (var topic : topics) {
                books.put(topic + " end offsets", groups.endOffsets(topic));
            }
        }
        return books;
    }

    /** The books once two readings a second apart agree: the last order's notifications written, no record on its way. */
    Map<String, Object> awaitStill() {
        var last = new Object() {
            Map<String, Object> books = Map.of();
        };
        await("the books stand still").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    var now = now();
                    var still = now.equals(last.books);
                    last.books = now;
                    return still;
                });
        return last.books;
    }

    /** Fails unless the books stay as they were for two seconds. */
    void assertUnmovedFrom(Map<String, Object> before) {
        await("the books of every service and every topic's end offsets stay as they were")
                .during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(15))
                .until(this::now, before::equals);
    }
}
