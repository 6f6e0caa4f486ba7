package dev.foodorder.inventory.stock;

import dev.foodorder.events.inventory.StockLevelLow;
import dev.foodorder.events.inventory.StockReplenished;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class StockTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    @Test
    void reservingTakesUnitsOutOfAvailableStockButNotOffTheShelf() {
        var stock = new Stock("margherita", "Pizza Margherita", 100, 10);

        stock.reserve(4, NOW);

        assertThat(stock.onHand()).isEqualTo(100);
        assertThat(stock.reserved()).isEqualTo(4);
        assertThat(stock.available()).isEqualTo(96);
    }

    @Test
    void reportsLowStockOnlyOnTheReservationThatCrossesTheThreshold() {
        var stock = new Stock("tiramisu", "Tiramisu", 12, 10);

        assertThat(stock.reserve(2, NOW)).as("10 left: at the threshold, not below").isEmpty();
        assertThat(stock.reserve(1, NOW)).contains(new StockLevelLow("tiramisu", 9, 10, NOW));
        assertThat(stock.reserve(1, NOW)).as("still below: already reported").isEmpty();
    }

    @Test
    void reportsLowStockAgainAfterARestockLiftedItAboveTheThreshold() {
        var stock = new Stock("tiramisu", "Tiramisu", 10, 10);
        assertThat(stock.reserve(5, NOW)).isPresent();

        stock.restock(20, NOW);

        assertThat(stock.reserve(16, NOW)).contains(new StockLevelLow("tiramisu", 9, 10, NOW));
    }

    @Test
    void refusesToReserveMoreThanIsAvailable() {
        var stock = new Stock("tiramisu", "Tiramisu", 3, 5);

        assertThatIllegalStateException().isThrownBy(() -> stock.reserve(4, NOW));
        assertThat(stock.reserved()).isZero();
    }

    @Test
    void releasingPutsReservedUnitsBack() {
        var stock = new Stock("margherita", "Pizza Margherita", 100, 10);
        stock.reserve(4, NOW);

        stock.release(3, NOW);

        assertThat(stock.reserved()).isEqualTo(1);
        assertThat(stock.available()).isEqualTo(99);
        assertThatIllegalStateException().isThrownBy(() -> stock.release(2, NOW));
    }

    @Test
    void restockingAddsUnitsAndReportsWhatIsNowAvailable() {
        var stock = new Stock("tiramisu", "Tiramisu", 3, 5);
        stock.reserve(2, NOW);

        var event = stock.restock(20, NOW);

        assertThat(event).isEqualTo(new StockReplenished("tiramisu", 20, 21, NOW));
        assertThat(stock.onHand()).isEqualTo(23);
        assertThat(stock.isLow()).isFalse();
    }

    @Test
    void refusesARestockBeyondWhatAKitchenHolds() {
        var stock = new Stock("espresso", "Espresso", Stock.MAX_ON_HAND - 5, 10);

        assertThatIllegalArgumentException().isThrownBy(() -> stock.restock(6, NOW));
        assertThat(stock.onHand()).isEqualTo(Stock.MAX_ON_HAND - 5);
    }
}
