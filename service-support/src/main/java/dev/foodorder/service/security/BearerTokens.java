package dev.foodorder.service.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/**
 * Finds the access token in {@code Authorization: Bearer <token>} without a regular expression. Spring
 * Security's resolver matches the header against one, character by character; on a signed token of about
 * 900 characters, sent with every request to JVMs that run C1 only, that was 7 % of a request's CPU in the
 * order service (docs/performance.md, section 15). This checks the same grammar (RFC 6750's b64token) with
 * a loop, and leaves every header it does not accept to Spring Security's resolver, so that a missing,
 * foreign or malformed one is answered exactly as before.
 */
final class BearerTokens implements BearerTokenResolver {

    private static final String SCHEME = "Bearer ";

    private final BearerTokenResolver standard = new DefaultBearerTokenResolver();

    @Override
    public String resolve(HttpServletRequest request) {
        var header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, SCHEME, 0, SCHEME.length()) && isToken(header, SCHEME.length())) {
            return header.substring(SCHEME.length());
        }
        return standard.resolve(request);
    }

    /** {@code [a-zA-Z0-9-._~+/]+=*} from {@code from} to the end. */
    static boolean isToken(String text, int from) {
        int i = from;
        while (i < text.length() && isTokenCharacter(text.charAt(i))) {
            i++;
        }
        if (i == from) {
            return false;
        }
        while (i < text.length() && text.charAt(i) == '=') {
            i++;
        }
        return i == text.length();
    }

    private static boolean isTokenCharacter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
    }
}
