package dev.foodorder.service.security;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;

import java.util.Random;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HeaderCharactersTest {

    /** ASCII, tab, controls, DEL, a letter beyond ASCII, a code point not assigned, and a surrogate pair's halves. */
    private static final char[] ALPHABET = "aZ9 ~\t\u0000\u001f\u007f\u0085\u00e9\u0378\ud83c\udf55".toCharArray();

    @Test
    void judgesHeaderNamesAsTheFirewallDoes() {
        assertSameJudgement(HeaderCharacters.NAMES, new StrictHttpFirewall(), true);
    }

    @Test
    void judgesHeaderValuesAsTheFirewallDoes() {
        assertSameJudgement(HeaderCharacters.VALUES, new StrictHttpFirewall(), false);
    }

    @Test
    void theApisFirewallStillRefusesAControlCharacterInAHeader() {
        var firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderValues(HeaderCharacters.VALUES);
        var request = new MockHttpServletRequest("POST", "/api/orders");
        request.addHeader("X-Note", "line\u0000break");
        request.addHeader("X-Dish", "crème brûlée\tpizza 🍕");

        var checked = firewall.getFirewalledRequest(request);

        assertThat(checked.getHeader("X-Dish")).isEqualTo("crème brûlée\tpizza 🍕");
        assertThatThrownBy(() -> checked.getHeader("X-Note")).isInstanceOf(RequestRejectedException.class);
    }

    private static void assertSameJudgement(Predicate<String> ours, StrictHttpFirewall firewall, boolean names) {
        var random = new Random(15);
        for (int n = 0; n < 20_000; n++) {
            var text = new StringBuilder();
            for (int length = random.nextInt(6); length > 0; length--) {
                text.append(ALPHABET[random.nextInt(ALPHABET.length)]);
            }
            var header = text.toString();
            assertThat(ours.test(header)).as("'%s'", header.chars().mapToObj(Integer::toHexString).toList())
                    .isEqualTo(passes(firewall, header, names));
        }
    }

    /** Whether the firewall, with its own rules, hands out a header with this name (or value). */
    private static boolean passes(StrictHttpFirewall firewall, String text, boolean asName) {
        var request = new MockHttpServletRequest("GET", "/api/orders");
        var name = asName ? text : "X-Probe";
        request.addHeader(name, asName ? "value" : text);
        try {
            firewall.getFirewalledRequest(request).getHeader(name);
            return true;
        } catch (RequestRejectedException e) {
            return false;
        }
    }
}
