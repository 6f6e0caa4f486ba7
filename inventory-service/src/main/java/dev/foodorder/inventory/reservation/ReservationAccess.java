package dev.foodorder.inventory.reservation;

import dev.foodorder.service.security.ApiAccess;
import dev.foodorder.service.security.Scopes;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

/** What was reserved for an order is for staff; a customer follows their order at the order service. */
@Component
class ReservationAccess implements ApiAccess {

    @Override
    public void grant(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests) {
        requests.requestMatchers(HttpMethod.GET, "/api/inventory/reservations/*").access(ApiAccess.staff(Scopes.INVENTORY_READ));
    }
}
