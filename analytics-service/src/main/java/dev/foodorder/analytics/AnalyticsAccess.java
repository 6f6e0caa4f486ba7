package dev.foodorder.analytics;

import dev.foodorder.service.security.ApiAccess;
import dev.foodorder.service.security.Scopes;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

/**
 * The figures, the flagged customers, the timelines and the live flow are the operators' view of the
 * business: staff only (the live page signs in as staff, and places its orders as staff, for customers it
 * names). The instances' internal calls to each other carry the caller's token, and pass the same rule.
 */
@Component
class AnalyticsAccess implements ApiAccess {

    @Override
    public void grant(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests) {
        // Where the page signs in: it must read this before it has a token.
        requests.requestMatchers(HttpMethod.GET, "/api/live/config").permitAll()
                .requestMatchers(HttpMethod.GET, "/api/analytics/**", "/api/live/**").access(ApiAccess.staff(Scopes.ANALYTICS_READ));
    }
}
