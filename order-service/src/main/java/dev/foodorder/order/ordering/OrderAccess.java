package dev.foodorder.order.ordering;

import dev.foodorder.service.security.ApiAccess;
import dev.foodorder.service.security.Scopes;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

/** Customers place, read and cancel their own orders; staff anyone's (the controller tells whose). */
@Component
class OrderAccess implements ApiAccess {

    @Override
    public void grant(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests) {
        requests.requestMatchers(HttpMethod.GET, "/api/orders", "/api/orders/*")
                .access(ApiAccess.customersAndStaff(Scopes.ORDERS_READ))
                .requestMatchers(HttpMethod.POST, "/api/orders", "/api/orders/*/cancel")
                .access(ApiAccess.customersAndStaff(Scopes.ORDERS_WRITE));
    }
}
