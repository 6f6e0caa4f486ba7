package dev.foodorder.identity.server;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

import java.util.List;

/**
 * The HTTP side: the OAuth2 and OpenID Connect endpoints, the login page that the authorization code
 * flow sends a browser to, CORS for Swagger UI, and the actuator endpoints.
 */
@Configuration(proxyBeanMethods = false)
class AuthorizationServerSecurity {

    /**
     * The protocol endpoints: {@code /oauth2/authorize}, {@code /oauth2/token}, {@code /oauth2/jwks},
     * {@code /oauth2/introspect}, {@code /oauth2/revoke}, the discovery documents and OpenID Connect's
     * {@code /userinfo}. A browser that is not signed in is sent to the login page; any other caller
     * gets the protocol's own error.
     */
    @Bean
    @Order(1)
    SecurityFilterChain authorizationServer(HttpSecurity http) {
        http.oauth2AuthorizationServer(server -> {
                    http.securityMatcher(server.getEndpointsMatcher());
                    server.oidc(Customizer.withDefaults());
                })
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                // /userinfo takes the access token as a bearer token.
                .oauth2ResourceServer(resourceServer -> resourceServer.jwt(Customizer.withDefaults()))
                .cors(Customizer.withDefaults())
                .exceptionHandling(exceptions -> exceptions.defaultAuthenticationEntryPointFor(
                        new LoginUrlAuthenticationEntryPoint("/login"), new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
        return http.build();
    }

    /**
     * Everything else: Spring Security's login page, and the actuator endpoints open as on the other
     * services (health for the probes, metrics for Prometheus).
     */
    @Bean
    @Order(2)
    SecurityFilterChain signIn(HttpSecurity http) {
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers(EndpointRequest.toAnyEndpoint()).permitAll()
                        .anyRequest().authenticated())
                .formLogin(Customizer.withDefaults());
        return http.build();
    }

    /**
     * Swagger UI runs on each service's origin and fetches the token from there, so the token endpoint
     * (and the public metadata a browser client may read) answers those origins. No cookies cross: the
     * browser's session with this service stays on its own pages.
     */
    @Bean
    CorsConfigurationSource corsConfigurationSource(@Value("${identity.cors.allowed-origins}") List<String> allowedOrigins) {
        var cors = new CorsConfiguration();
        cors.setAllowedOrigins(allowedOrigins);
        cors.setAllowedMethods(List.of("GET", "POST"));
        cors.setAllowedHeaders(List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE));
        var source = new UrlBasedCorsConfigurationSource();
        for (var path : List.of("/oauth2/token", "/oauth2/revoke", "/oauth2/jwks", "/.well-known/**")) {
            source.registerCorsConfiguration(path, cors);
        }
        return source;
    }

    /**
     * Client secrets and account passwords alike are stored with their encoding's prefix
     * ({@code {bcrypt}...}), so that the encoding can change without invalidating those stored.
     */
    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }
}
