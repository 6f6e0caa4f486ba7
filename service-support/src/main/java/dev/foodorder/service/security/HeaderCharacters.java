package dev.foodorder.service.security;

import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The firewall's rule for header names and values, without a regular expression for the usual case.
 * Spring Security's {@code StrictHttpFirewall} matches every header it hands out against a pattern of
 * Unicode classes; with an access token of about 900 characters in every request, on JVMs that run C1
 * only, that was 3 % of a request's CPU in the order service (docs/performance.md, section 15). A name or
 * value of printable ASCII (and tabs, in a value) passes at once; anything else is judged by the
 * firewall's own pattern, so what it refused it still refuses.
 */
final class HeaderCharacters {

    /** StrictHttpFirewall's patterns (Spring Security 7.1): assigned characters that are no controls; a value may hold tabs. */
    private static final Pattern NAME = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");
    private static final Pattern VALUE = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

    static final Predicate<String> NAMES = name -> isPrintableAscii(name, false) || NAME.matcher(name).matches();
    static final Predicate<String> VALUES = value -> isPrintableAscii(value, true) || VALUE.matcher(value).matches();

    private HeaderCharacters() {
    }

    private static boolean isPrintableAscii(String text, boolean tabs) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < ' ' || c > '~') && !(tabs && c == '\t')) {
                return false;
            }
        }
        return true;
    }
}
