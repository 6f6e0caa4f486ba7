package dev.foodorder.service.security;

import dev.foodorder.service.api.Problems;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.security.OAuthFlow;
import io.swagger.v3.oas.models.security.OAuthFlows;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.io.IOException;
import java.util.List;

/**
 * Every service's {@code /api} as an OAuth2 resource server: a request needs an access token (a JWT the
 * identity service signed, checked against its published keys, its issuer and its expiry), and passes
 * only a rule of an {@link ApiAccess} bean (or, signed in, on a route no controller serves, to be answered 404
 * or 405 by Spring MVC: {@link UnruledRoutes}). Refusals are problem details: 401 with
 * {@code WWW-Authenticate: Bearer} without a valid token, 403 without the scope or role.
 *
 * <p>The token's issuer and key set come from {@code spring.security.oauth2.resourceserver.jwt.issuer-uri}
 * and {@code .jwk-set-uri}; a service without them does not start. Nothing but {@code /api} is
 * covered but the resource's metadata (RFC 9728): the probes, metrics and API documents answer without a
 * token, as before.
 */
@AutoConfiguration(beforeName = {
        "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
        "org.springframework.boot.security.oauth2.server.resource.autoconfigure.web.OAuth2ResourceServerWebSecurityAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableWebSecurity
public class ApiSecurityAutoConfiguration {

    /** Where a client learns which issuer's tokens the API takes (RFC 9728). */
    private static final String METADATA = "/.well-known/oauth-protected-resource";

    private static final BearerTokenAuthenticationEntryPoint BEARER_CHALLENGE = new BearerTokenAuthenticationEntryPoint();
    private static final BearerTokenAccessDeniedHandler BEARER_DENIAL = new BearerTokenAccessDeniedHandler();

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, ObjectProvider<ApiAccess> access, ObjectProvider<JwtDecoder> decoders,
                                    @Qualifier("requestMappingHandlerMapping") ObjectProvider<RequestMappingHandlerMapping> controllers,
                                    @Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri}") String issuer,
                                    @Value("${spring.application.name}") String name) {
        if (decoders.getIfAvailable() == null) {
            throw new IllegalStateException("No issuer of access tokens is configured: set spring.security.oauth2.resourceserver.jwt"
                    + ".issuer-uri and .jwk-set-uri (SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI and _JWK_SET_URI)");
        }
        return http.securityMatcher("/api/**", METADATA)
                .authorizeHttpRequests(requests -> {
                    requests.requestMatchers(HttpMethod.GET, METADATA).permitAll();
                    // A stream's or a long poll's later dispatches belong to a request already let in.
                    requests.dispatcherTypeMatchers(DispatcherType.ASYNC).permitAll();
                    access.orderedStream().forEach(rules -> rules.grant(requests));
                    requests.anyRequest().access(new UnruledRoutes(controllers::getObject));
                })
                .oauth2ResourceServer(server -> server
                        .bearerTokenResolver(new BearerTokens())
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(new JwtCallers()))
                        // RFC 9728: a 401 names this document, which names the identity service that gives tokens.
                        .protectedResourceMetadata(metadata -> metadata.protectedResourceMetadataCustomizer(about -> about
                                .authorizationServer(issuer)
                                .resourceName(name)
                                // Bearer tokens, not bound to a client certificate (RFC 8705).
                                .tlsClientCertificateBoundAccessTokens(false)
                                .scopes(scopes -> scopes.addAll(Scopes.DESCRIBED.keySet()))))
                        .authenticationEntryPoint(ApiSecurityAutoConfiguration::unauthorized)
                        .accessDeniedHandler(ApiSecurityAutoConfiguration::forbidden))
                .exceptionHandling(refusals -> refusals
                        .authenticationEntryPoint(ApiSecurityAutoConfiguration::unauthorized)
                        .accessDeniedHandler(ApiSecurityAutoConfiguration::forbidden))
                // The token is the whole of a caller's credentials, sent with every request: no session, and no
                // cookie for a page of another site to ride on, so there is no cross-site request to forge.
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .build();
    }

    private static void unauthorized(HttpServletRequest request, HttpServletResponse response,
                                     AuthenticationException refusal) throws IOException {
        BEARER_CHALLENGE.commence(request, response, refusal);
        var detail = refusal instanceof InvalidBearerTokenException
                ? "The access token was refused: " + refusal.getMessage()
                : "This API needs an access token from the identity service: Authorization: Bearer <token>.";
        Problems.write(response, HttpStatus.UNAUTHORIZED, "Unauthorized", detail);
    }

    private static void forbidden(HttpServletRequest request, HttpServletResponse response,
                                  AccessDeniedException refusal) throws IOException {
        BEARER_DENIAL.handle(request, response, refusal);
        Problems.write(response, HttpStatus.FORBIDDEN, "Forbidden",
                "The access token does not allow this: it lacks the scope, or the caller the role, that it needs.");
    }

    /**
     * Spring Security observes its filter chain, each authentication and each authorization: three more
     * observations (timers, and spans where traces are sampled) on every request, whose cost the request's
     * own observation already includes. A refusal still shows in the request's metrics by its status.
     * Turned off here rather than filtered out by name, so that the filters are not wrapped at all: the
     * wrapping alone cost 4 % of a request's CPU.
     */
    @Bean
    SecurityObservationSettings noSpringSecurityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /** Boot's decoder (the issuer's keys, issuer and expiry checks), verifying each token's signature once. */
    @Bean
    static BeanPostProcessor verifyEachTokenOnce() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof JwtDecoder decoder && !(bean instanceof VerifiedTokens) ? new VerifiedTokens(decoder) : bean;
            }
        };
    }

    /**
     * Requests Spring Security's firewall refuses (an encoded slash, a method HTTP does not have) are
     * answered as problem details too; and any method passes it, so that one the API does not know is 405
     * from Spring MVC (after the token check) rather than a 400 of the firewall's. Its header checks are
     * {@link HeaderCharacters}'s: the same rule, cheaper.
     */
    @Bean
    WebSecurityCustomizer problemsFromTheFirewall() {
        var firewall = new StrictHttpFirewall();
        firewall.setUnsafeAllowAnyHttpMethod(true);
        firewall.setAllowedHeaderNames(HeaderCharacters.NAMES);
        firewall.setAllowedHeaderValues(HeaderCharacters.VALUES);
        return web -> web.httpFirewall(firewall).requestRejectedHandler((request, response, rejected) ->
                Problems.write(response, HttpStatus.BAD_REQUEST, "Bad request", "The request was refused: " + rejected.getMessage()));
    }

    /** Just outside Spring Security's filters, which run at {@code spring.security.filter.order} (-100 by default). */
    @Bean
    FilterRegistrationBean<IssuerUnavailable> issuerUnavailable(
            @Value("${spring.security.filter.order:" + SecurityFilterProperties.DEFAULT_FILTER_ORDER + "}") int securityOrder) {
        var registration = new FilterRegistrationBean<>(new IssuerUnavailable());
        registration.addUrlPatterns("/api/*");
        registration.setOrder(securityOrder - 1);
        return registration;
    }

    /** Lets a controller take the {@link Caller} as a parameter. */
    @Bean
    WebMvcConfigurer callerArgument() {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new CallerResolver());
            }
        };
    }

    private static final class CallerResolver implements HandlerMethodArgumentResolver {

        @Override
        public boolean supportsParameter(MethodParameter parameter) {
            return parameter.getParameterType() == Caller.class;
        }

        @Override
        public Caller resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
                                      NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
            if (SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token) {
                return Caller.of(token.getToken());
            }
            throw new IllegalStateException("A rule lets " + parameter.getMethod()
                    + " run without an access token, yet it asks who calls");
        }
    }

    /**
     * Swagger UI's Authorize button: the authorization code flow with PKCE at the identity service, as the
     * public client named by {@code springdoc.swagger-ui.oauth.client-id}.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(OpenApiCustomizer.class)
    static class SignInFromSwaggerUi {

        static final String SCHEME = "identity";

        @Bean
        OpenApiCustomizer identitySignIn(@Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri}") String issuer) {
            var scopes = new io.swagger.v3.oas.models.security.Scopes();
            Scopes.DESCRIBED.forEach(scopes::addString);
            var flow = new OAuthFlow()
                    .authorizationUrl(issuer + "/oauth2/authorize")
                    .tokenUrl(issuer + "/oauth2/token")
                    .scopes(scopes);
            var scheme = new SecurityScheme().type(SecurityScheme.Type.OAUTH2)
                    .description("Sign in at the identity service (demo: ada, bob or staff, password demo)")
                    .flows(new OAuthFlows().authorizationCode(flow));
            return openApi -> {
                if (openApi.getComponents() == null) {
                    openApi.setComponents(new Components());
                }
                openApi.getComponents().addSecuritySchemes(SCHEME, scheme);
                openApi.addSecurityItem(new SecurityRequirement().addList(SCHEME));
            };
        }
    }
}
