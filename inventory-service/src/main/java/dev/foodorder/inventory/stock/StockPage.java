package dev.foodorder.inventory.stock;

import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.data.domain.Page;

import java.util.List;

/** One page of the stock list, in sku order. */
record StockPage(
        List<StockLevel> items,
        @Schema(description = "Zero-based page number", example = "0") int page,
        @Schema(example = "20") int size,
        @Schema(example = "12") long totalItems,
        @Schema(example = "1") int totalPages) {

    static StockPage of(Page<StockLevel> page) {
        return new StockPage(page.getContent(), page.getNumber(), page.getSize(), page.getTotalElements(),
                page.getTotalPages());
    }
}
