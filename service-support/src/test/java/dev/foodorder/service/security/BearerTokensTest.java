package dev.foodorder.service.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class BearerTokensTest {

    /** DefaultBearerTokenResolver's grammar of a token (Spring Security 7.1). */
    private static final Pattern B64TOKEN = Pattern.compile("[a-zA-Z0-9-._~+/]+=*");
    private static final String SIGNED = "eyJraWQiOiJrMSIsImFsZyI6IlJTMjU2In0.eyJzdWIiOiJzdGFmZiJ9.c2lnbmF0dXJlLXBhcnQ_-~+/==";

    @ParameterizedTest
    @ValueSource(strings = {"Bearer " + SIGNED, "bearer " + SIGNED, "BEARER abc", "Bearer a=", "Bearer ", "Bearer",
            "Bearer  abc", "Bearer abc ", "Bearer a=b", "Bearer =", "Bearer ab\tc", "Bearer abç", "Basic dXNlcjpwYXNz",
            "Bearerabc", "Token abc", ""})
    void answersEveryAuthorizationHeaderAsSpringSecurityDoes(String header) {
        var request = new MockHttpServletRequest();
        request.addHeader(HttpHeaders.AUTHORIZATION, header);

        assertThat(outcome(new BearerTokens(), request)).isEqualTo(outcome(new DefaultBearerTokenResolver(), request));
    }

    @Test
    void findsNoTokenWithoutAnAuthorizationHeader() {
        assertThat(new BearerTokens().resolve(new MockHttpServletRequest())).isNull();
    }

    @Test
    void readsATokenByTheSameGrammarAsTheRegularExpression() {
        var random = new Random(14);
        var alphabet = "aZ09-._~+/= \t\u00e9!%".toCharArray();
        for (int n = 0; n < 20_000; n++) {
            var text = new StringBuilder();
            for (int length = random.nextInt(8); length > 0; length--) {
                text.append(alphabet[random.nextInt(alphabet.length)]);
            }
            assertThat(BearerTokens.isToken(text.toString(), 0)).as("'%s'", text).isEqualTo(B64TOKEN.matcher(text).matches());
        }
    }

    private static String outcome(BearerTokenResolver resolver, MockHttpServletRequest request) {
        try {
            return "token " + resolver.resolve(request);
        } catch (OAuth2AuthenticationException e) {
            return "refused " + e.getError().getErrorCode() + ": " + e.getError().getDescription();
        }
    }
}
