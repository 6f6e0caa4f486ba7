package dev.foodorder.service.security;

import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * One service's (or one module's) rules for who may call which endpoint under {@code /api}, declared as a
 * bean: every such bean adds its rules, and a request that no rule matches is refused, so an endpoint
 * added without a rule is closed rather than open.
 *
 * <p>A rule asks for a scope (what the client was allowed to do) and a role (who the caller is): a
 * customer signed in through Swagger UI may hold every scope, and still may not restock.
 */
@FunctionalInterface
public interface ApiAccess {

    void grant(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests);

    /** Customers and staff whose token carries the scope; which rows each may see is for {@link Caller} to say. */
    static AuthorizationManager<RequestAuthorizationContext> customersAndStaff(String scope) {
        return scopeAndRole(scope, Caller.CUSTOMER, Caller.STAFF);
    }

    /** Staff whose token carries the scope. */
    static AuthorizationManager<RequestAuthorizationContext> staff(String scope) {
        return scopeAndRole(scope, Caller.STAFF);
    }

    private static AuthorizationManager<RequestAuthorizationContext> scopeAndRole(String scope, String... roles) {
        var scopeAuthority = JwtCallers.SCOPE_PREFIX + scope;
        var roleAuthorities = Set.of(roles).stream().map(JwtCallers::roleAuthority).collect(Collectors.toSet());
        return (authentication, request) -> {
            var granted = authentication.get().getAuthorities().stream()
                    .map(GrantedAuthority::getAuthority)
                    .collect(Collectors.toSet());
            return new AuthorizationDecision(granted.contains(scopeAuthority)
                    && roleAuthorities.stream().anyMatch(granted::contains));
        };
    }
}
