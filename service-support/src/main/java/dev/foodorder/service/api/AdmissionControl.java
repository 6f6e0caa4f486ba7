package dev.foodorder.service.api;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds how many requests that change something are worked on at once. Every request gets a
 * virtual thread, so without a bound an overloaded service queues requests for its connection
 * pool without limit, serves them long after their clients gave up, and starves its own Kafka
 * consumers. Past the bound a request waits briefly for a place, then gets 503 with
 * {@code Retry-After}: the client learns at once to come back, and latency recovers as soon as
 * the load drops. The wait has a length as well as a time: when as many requests wait as allowed,
 * the next is refused at once, since under overload held requests only cost memory (each holds
 * its connection's buffers, about 100 KB in Tomcat) and delay the refusal. Reads are not bounded:
 * they are cheap, and a long poll must not hold a place.
 */
public class AdmissionControl extends OncePerRequestFilter implements MeterBinder {

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    private static final String PLACE = AdmissionControl.class.getName() + ".place";
    /** The reason of a refusal because as many requests as allowed were being worked on. */
    public static final String AT_CAPACITY = "capacity";

    private final int maxInFlight;
    private final int maxWaiting;
    private final List<Backpressure> backpressure;
    private final Semaphore places;
    private final long maxWaitNanos;
    private final long retryAfterSeconds;
    private final AtomicInteger waiting = new AtomicInteger();
    /** Refusals by reason: {@link #AT_CAPACITY}, then each backpressure signal's. */
    private final Map<String, AtomicLong> refused = new LinkedHashMap<>();

    public AdmissionControl(int maxInFlight, int maxWaiting, Duration maxWait, Duration retryAfter) {
        this(maxInFlight, maxWaiting, maxWait, retryAfter, List.of());
    }

    /**
     * @param maxWaiting   requests that may wait for a place at once; 0 refuses at once when every place is taken
     * @param backpressure asked, in order, before a request takes a place
     */
    public AdmissionControl(int maxInFlight, int maxWaiting, Duration maxWait, Duration retryAfter,
                            List<Backpressure> backpressure) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("api.admission.max-in-flight must be at least 1, was " + maxInFlight);
        }
        if (maxWaiting < 0) {
            throw new IllegalArgumentException("api.admission.max-waiting must not be negative, was " + maxWaiting);
        }
        this.maxInFlight = maxInFlight;
        this.maxWaiting = maxWaiting;
        this.backpressure = List.copyOf(backpressure);
        this.places = new Semaphore(maxInFlight, true);
        this.maxWaitNanos = maxWait.toNanos();
        // Retry-After counts whole seconds; never tell a client to come back at once.
        this.retryAfterSeconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        refused.put(AT_CAPACITY, new AtomicLong());
        backpressure.forEach(signal -> refused.putIfAbsent(signal.reason(), new AtomicLong()));
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return READS.contains(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        for (var signal : backpressure) {
            var refusal = signal.refusal(request);
            if (refusal.isPresent()) {
                refuse(response, signal.reason(), refusal.get());
                return;
            }
        }
        if (!admit()) {
            refuse(response, AT_CAPACITY, "The service is at capacity; retry after %d s.".formatted(retryAfterSeconds));
            return;
        }
        var place = new Place();
        request.setAttribute(PLACE, place);
        try {
            chain.doFilter(request, response);
        } finally {
            place.leave();
        }
    }

    /**
     * Gives the request's place to the next one before the request is done: for a handler that has
     * finished its work and only waits (for an order's outcome, say), which costs nothing worth bounding.
     */
    public static void leave(ServletRequest request) {
        if (request.getAttribute(PLACE) instanceof Place place) {
            place.leave();
        }
    }

    private final class Place {

        private final AtomicBoolean taken = new AtomicBoolean(true);

        void leave() {
            if (taken.compareAndSet(true, false)) {
                places.release();
            }
        }
    }

    private boolean admit() {
        try {
            // A zero wait, not tryAcquire(), which would take a place ahead of the requests already waiting.
            if (places.tryAcquire(0, TimeUnit.NANOSECONDS)) {
                return true;
            }
            if (waiting.incrementAndGet() > maxWaiting) {
                waiting.decrementAndGet();
                return false;
            }
            try {
                return places.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS);
            } finally {
                waiting.decrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void refuse(HttpServletResponse response, String reason, String detail) throws IOException {
        refused.get(reason).incrementAndGet();
        Problems.write(response, HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable", detail, retryAfterSeconds);
    }

    /** Requests being worked on now. */
    public int inFlight() {
        return maxInFlight - places.availablePermits();
    }

    /** Requests waiting for a place now. */
    public int waiting() {
        return waiting.get();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("http.admission.in.flight", this, AdmissionControl::inFlight)
                .description("Requests that change something, being worked on now").register(registry);
        Gauge.builder("http.admission.waiting", this, AdmissionControl::waiting)
                .description("Requests waiting for a place").register(registry);
        Gauge.builder("http.admission.limit", () -> maxInFlight)
                .description("Requests that may be worked on at once").register(registry);
        // Every reason from the start, at zero: an alert on the rate of a counter that appears with
        // its first refusal would miss that refusal.
        refused.forEach((reason, count) -> FunctionCounter.builder("http.admission.refused", count, AtomicLong::get)
                .tag("reason", reason)
                .description("Requests refused with 503, by reason: at capacity, or a backpressure signal")
                .register(registry));
    }
}
