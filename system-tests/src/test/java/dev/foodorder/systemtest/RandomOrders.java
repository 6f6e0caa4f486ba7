package dev.foodorder.systemtest;

import dev.foodorder.systemtest.OrderApi.NewOrder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;

/**
 * Orders a customer might place: one to three dishes from the menu, one to three of each, and now
 * and then the dish that is nearly sold out, so that some orders compete for the last units.
 * Seeded, so a failing run can be replayed.
 */
final class RandomOrders {

    static final String SCARCE = "tiramisu";
    private static final double SCARCE_SHARE = 0.15;

    private final List<String> plentiful;
    private final Random random;

    RandomOrders(List<String> menu, long seed) {
        this.plentiful = menu.stream().filter(sku -> !sku.equals(SCARCE)).toList();
        this.random = new Random(seed);
    }

    NewOrder next(String customerId) {
        var skus = new ArrayList<>(plentiful);
        var quantities = new LinkedHashMap<String, Integer>();
        if (random.nextDouble() < SCARCE_SHARE) {
            quantities.put(SCARCE, 1 + random.nextInt(2));
        }
        int dishes = 1 + random.nextInt(3);
        while (quantities.size() < dishes) {
            quantities.put(skus.remove(random.nextInt(skus.size())), 1 + random.nextInt(3));
        }
        return NewOrder.of(customerId, quantities);
    }

    boolean chance(double share) {
        return random.nextDouble() < share;
    }

    <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }
}
