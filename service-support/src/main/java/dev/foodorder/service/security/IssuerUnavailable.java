package dev.foodorder.service.security;

import dev.foodorder.service.api.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * A token that cannot be checked because the identity service's keys cannot be fetched (it is away, or
 * slow) is our failure, not the caller's: 503 with Retry-After, as for a database that is away, rather
 * than the 500 that Spring Security's rethrown {@link AuthenticationServiceException} would become. The
 * keys are cached once fetched, so this happens only to a service that has not fetched them yet, or
 * meets a key it does not know.
 */
final class IssuerUnavailable extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(IssuerUnavailable.class);
    private static final long RETRY_AFTER_SECONDS = 1;

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (AuthenticationServiceException e) {
            if (response.isCommitted()) {
                throw e;
            }
            log.warn("A token could not be checked: {}", e.getMessage());
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER_SECONDS));
            Problems.write(response, HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable",
                    "The access token could not be checked: the identity service's keys cannot be fetched; retry after 1 s.");
        }
    }
}
