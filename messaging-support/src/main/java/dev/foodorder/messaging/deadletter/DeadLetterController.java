package dev.foodorder.messaging.deadletter;

import dev.foodorder.messaging.deadletter.DeadLetters.Outcome;
import dev.foodorder.messaging.deadletter.Replays.Replay;
import dev.foodorder.service.api.ConflictException;
import dev.foodorder.service.api.NotFoundException;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The dead letters of this service's consumer group, for an operator: list them, replay one, replay all
 * that wait. Errors are problem details, as everywhere in the API: 404 for a record that is not parked
 * (or not by this service), 409 for one replayed before or first published outside the de-duplication
 * window (unless {@code force=true}), 503 when the broker cannot be reached.
 *
 * <p>Anyone who reaches the API may call this today, as with the rest of it. It is meant for staff only:
 * it will be restricted to them together with the rest of the API when the services get authentication
 * (the security issue), and until then belongs behind whatever keeps the API from the public.
 * Replays are POSTs under {@code /api}, so they pass the admission control like any other change.
 */
@RestController
@RequestMapping(path = "/api/dead-letters", produces = MediaType.APPLICATION_JSON_VALUE)
class DeadLetterController {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterController.class);

    private final DeadLetters deadLetters;

    DeadLetterController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    /** @param topic a dead-letter topic ({@code orders.DLT}) or the topic it belongs to ({@code orders}); all if absent */
    @GetMapping
    DeadLetters.Listing list(@RequestParam(required = false) String topic,
                             @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return deadLetters.list(deadLetterTopic(topic), limit);
    }

    @PostMapping("/{dltTopic}/{partition}/{offset}/replay")
    Replay replay(@PathVariable String dltTopic, @PathVariable int partition, @PathVariable long offset,
                  @RequestParam(defaultValue = "false") boolean force) {
        var outcome = deadLetters.replay(new Position(dltTopic, partition, offset), force);
        return switch (outcome) {
            case Outcome.Replayed replayed -> replayed.replay();
            case Outcome.NotParked notParked -> throw new NotFoundException(notParked.reason());
            case Outcome.AlreadyReplayed already -> throw new ConflictException(already.reason());
            case Outcome.OutsideDeduplicationWindow old -> throw new ConflictException(old.reason());
        };
    }

    /** Replays every record that waits, of one topic or of all; each at most once, as {@link #replay} does. */
    @PostMapping("/replay")
    DeadLetters.ReplayedAll replayAll(@RequestParam(required = false) String topic,
                                      @RequestParam(defaultValue = "false") boolean force) {
        return deadLetters.replayAll(deadLetterTopic(topic), force);
    }

    /**
     * The broker could not be reached, or did not take a replay in time. Nothing of the failed replay was
     * kept; in a replay of all, those before it were done.
     */
    @ExceptionHandler({org.apache.kafka.common.KafkaException.class, org.springframework.kafka.KafkaException.class})
    ResponseEntity<ProblemDetail> brokerUnavailable(RuntimeException e) {
        log.warn("Dead letters: the broker could not be reached: {}", e.toString());
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "Kafka could not be reached in time; nothing was replayed by the request that failed. Retry later.");
        problem.setTitle("Service unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5").body(problem);
    }

    private String deadLetterTopic(String topic) {
        if (topic == null || topic.isBlank()) {
            return null;
        }
        return deadLetters.deadLetterTopic(topic).orElseThrow(() -> new ResponseStatusException(HttpStatus.BAD_REQUEST,
                "No dead-letter topic of this service is called '%s' or belongs to it: one of %s.".formatted(topic, deadLetters.topics())));
    }
}
