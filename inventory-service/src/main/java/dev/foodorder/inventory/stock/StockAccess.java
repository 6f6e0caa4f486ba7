package dev.foodorder.inventory.stock;

import dev.foodorder.service.security.ApiAccess;
import dev.foodorder.service.security.Scopes;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

/** The stock is staff's business: reading it, and above all adding to it. Customers see the menu. */
@Component
class StockAccess implements ApiAccess {

    @Override
    public void grant(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests) {
        requests.requestMatchers(HttpMethod.GET, "/api/inventory", "/api/inventory/*")
                .access(ApiAccess.staff(Scopes.INVENTORY_READ))
                .requestMatchers(HttpMethod.POST, "/api/inventory/*/restock")
                .access(ApiAccess.staff(Scopes.INVENTORY_WRITE));
    }
}
