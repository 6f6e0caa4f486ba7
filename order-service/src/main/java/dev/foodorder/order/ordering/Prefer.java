package dev.foodorder.order.ordering;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the {@code wait} preference of an RFC 7240 {@code Prefer} header, such as
 * {@code Prefer: respond-async, wait=10}. A preference the server cannot read is ignored, as the
 * RFC asks, rather than refused.
 */
final class Prefer {

    static final String HEADER = "Prefer";
    static final String APPLIED = "Preference-Applied";

    private static final Pattern DELTA_SECONDS = Pattern.compile("\\d{1,9}");

    private Prefer() {
    }

    /** @param header the header's values, comma-separated, or null when there is none */
    static Optional<Duration> waitOf(String header) {
        if (header == null) {
            return Optional.empty();
        }
        for (var preference : header.split(",")) {
            // Parameters after ';' qualify a preference; wait has none we use.
            var nameAndValue = preference.split(";", 2)[0].split("=", 2);
            if (nameAndValue.length == 2 && nameAndValue[0].strip().toLowerCase(Locale.ROOT).equals("wait")) {
                var value = nameAndValue[1].strip().replace("\"", "");
                return DELTA_SECONDS.matcher(value).matches()
                        ? Optional.of(Duration.ofSeconds(Long.parseLong(value)))
                        : Optional.empty();
            }
        }
        return Optional.empty();
    }

    static String applied(Duration wait) {
        return "wait=" + wait.toSeconds();
    }
}
