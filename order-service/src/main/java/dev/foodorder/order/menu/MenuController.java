package dev.foodorder.order.menu;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.util.List;

@RestController
@RequestMapping(path = "/api/menu", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Menu", description = "What can be ordered, and at what price")
class MenuController {

    private final Menu menu;

    MenuController(Menu menu) {
        this.menu = menu;
    }

    @GetMapping
    @Operation(summary = "The menu", description = "Every sku that can be ordered, with its name and unit price.")
    List<Entry> menu() {
        return menu.all().stream()
                .map(item -> new Entry(item.sku(), item.name(), item.price(), item.currency()))
                .toList();
    }

    @Schema(name = "MenuItem")
    record Entry(String sku, String name, BigDecimal price, String currency) {
    }
}
