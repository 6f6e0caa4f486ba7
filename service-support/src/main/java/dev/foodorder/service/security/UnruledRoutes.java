package dev.foodorder.service.security;

import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.util.function.Supplier;

/**
 * The last rule, for a request that no {@link ApiAccess} rule matched. If a controller would serve it, an
 * endpoint was added without a rule: refused, so that forgetting a rule closes an endpoint rather than
 * opening it. If none would (a path that leads nowhere, a method the path does not have), a signed-in
 * caller is let through to Spring MVC, which answers 404 or 405 as it would without security; a caller
 * without a token gets 401 first, so that the API's shape is not shown to strangers.
 */
final class UnruledRoutes implements AuthorizationManager<RequestAuthorizationContext> {

    private static final AuthenticationTrustResolver TRUST = new AuthenticationTrustResolverImpl();

    private final Supplier<RequestMappingHandlerMapping> controllers;

    UnruledRoutes(Supplier<RequestMappingHandlerMapping> controllers) {
        this.controllers = controllers;
    }

    @Override
    public AuthorizationResult authorize(Supplier<? extends Authentication> authentication, RequestAuthorizationContext context) {
        var caller = authentication.get();
        if (caller == null || !caller.isAuthenticated() || TRUST.isAnonymous(caller)) {
            return new AuthorizationDecision(false);
        }
        return new AuthorizationDecision(!servedByAController(context));
    }

    private boolean servedByAController(RequestAuthorizationContext context) {
        try {
            return controllers.get().getHandler(context.getRequest()) != null;
        } catch (Exception noneForThisMethodOrMediaType) {
            // The path exists, but not with this method or media type: Spring MVC answers 405 or 406/415.
            return false;
        }
    }
}
