package dev.foodorder.order.menu;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The menu, held in memory. Every order reads it twice (to validate its skus and to price its
 * lines), and a dozen rows that change only when someone edits the table are not worth two
 * queries per order. It is re-read at most every {@code orders.menu.refresh} (10 s by default),
 * so an edited price applies to orders placed after that.
 */
@Component
public class Menu {

    private final MenuItems items;
    private final long refreshNanos;
    // Not synchronized: a virtual thread would pin its carrier while the query runs (JDK 21-23).
    private final ReentrantLock loading = new ReentrantLock();
    private volatile Loaded loaded;

    Menu(MenuItems items, @Value("${orders.menu.refresh:10s}") Duration refresh) {
        this.items = items;
        this.refreshNanos = refresh.toNanos();
    }

    /** Every item, by name. */
    public List<MenuItem> all() {
        return current().byName();
    }

    public Optional<MenuItem> find(String sku) {
        return Optional.ofNullable(current().bySku().get(sku));
    }

    private Loaded current() {
        var current = loaded;
        if (current != null && !current.isOlderThan(refreshNanos)) {
            return current;
        }
        loading.lock();
        try {
            // Another request may have re-read it while this one waited for the lock.
            if (loaded == null || loaded.isOlderThan(refreshNanos)) {
                loaded = Loaded.of(items.findAllByOrderByName());
            }
            return loaded;
        } finally {
            loading.unlock();
        }
    }

    private record Loaded(List<MenuItem> byName, Map<String, MenuItem> bySku, long at) {

        static Loaded of(List<MenuItem> byName) {
            return new Loaded(List.copyOf(byName),
                    byName.stream().collect(Collectors.toUnmodifiableMap(MenuItem::sku, Function.identity())),
                    System.nanoTime());
        }

        boolean isOlderThan(long nanos) {
            return System.nanoTime() - at >= nanos;
        }
    }
}
