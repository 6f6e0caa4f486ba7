package dev.foodorder.inventory;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
@OpenAPIDefinition(info = @Info(title = "Inventory service", version = "v1", description = """
        The stock of the kitchen. Stock is reserved for each order from its OrderPlaced event on topic \
        orders, all lines or none, and given back on OrderCancelled; the answers go out on topic \
        inventory. Try it: look at tiramisu (nearly sold out), restock it, then look at what an order \
        placed through the order service reserved."""))
public class InventoryApplication {

    public static void main(String[] args) {
        SpringApplication.run(InventoryApplication.class, args);
    }
}
