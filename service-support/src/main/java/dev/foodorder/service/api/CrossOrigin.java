package dev.foodorder.service.api;

import org.springframework.http.HttpHeaders;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

import java.time.Duration;
import java.util.List;

/**
 * Lets pages of other origins call the API from a browser: the analytics service's live page places
 * orders on the order service. Off unless {@code api.cors.allowed-origins} names origins. A filter,
 * not Spring MVC's CORS mappings, so that it runs before {@link AdmissionControl}: a 503 refusal must
 * reach the page as a 503 with its Retry-After, not as a network error.
 */
public final class CrossOrigin {

    private CrossOrigin() {
    }

    public static CorsFilter filter(List<String> allowedOrigins) {
        var cors = new CorsConfiguration();
        cors.setAllowedOrigins(allowedOrigins);
        cors.setAllowedMethods(List.of("GET", "POST"));
        cors.setAllowedHeaders(List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE, IdempotencyKey.HEADER, "Prefer"));
        cors.setExposedHeaders(List.of(HttpHeaders.LOCATION, HttpHeaders.RETRY_AFTER, HttpHeaders.WWW_AUTHENTICATE, "Preference-Applied",
                IdempotencyKey.REPLAYED));
        cors.setMaxAge(Duration.ofHours(1));
        var source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/api/**", cors);
        return new CorsFilter(source);
    }
}
