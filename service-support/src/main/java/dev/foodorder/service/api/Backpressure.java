package dev.foodorder.service.api;

import jakarta.servlet.http.HttpServletRequest;

import java.util.Optional;

/**
 * A signal from the work behind the API that it is full: {@link AdmissionControl} asks every such
 * bean before it lets a request in, and refuses it with 503 and Retry-After if one says why. Asked
 * before the body is even read, so that a refusal under overload costs next to nothing.
 */
@FunctionalInterface
public interface Backpressure {

    /** @return why this request must wait, or empty to let it in */
    Optional<String> refusal(HttpServletRequest request);

    /** The {@code reason} tag of the refusals this signal causes, on {@code http.admission.refused}. */
    default String reason() {
        return "backpressure";
    }
}
