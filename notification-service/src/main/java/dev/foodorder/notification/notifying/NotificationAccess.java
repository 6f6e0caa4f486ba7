package dev.foodorder.notification.notifying;

import dev.foodorder.service.security.ApiAccess;
import dev.foodorder.service.security.Scopes;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

/** Customers read and stream their own notifications; staff anyone's (the controller tells whose). */
@Component
class NotificationAccess implements ApiAccess {

    @Override
    public void grant(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests) {
        requests.requestMatchers(HttpMethod.GET, "/api/notifications", "/api/notifications/*")
                .access(ApiAccess.customersAndStaff(Scopes.NOTIFICATIONS_READ));
    }
}
