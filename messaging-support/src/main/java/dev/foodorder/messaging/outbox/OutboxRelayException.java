package dev.foodorder.messaging.outbox;

/** The broker did not take (all of) a batch; its rows stay in the outbox and are sent again. */
public class OutboxRelayException extends RuntimeException {

    public OutboxRelayException(String message, Throwable cause) {
        super(message, cause);
    }
}
