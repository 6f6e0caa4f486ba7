package dev.foodorder.events;

/**
 * A record that does not follow the contract: unknown type, missing attribute, or a payload
 * that does not parse. Retrying cannot fix it, so consumers send it to the dead-letter topic.
 */
public class MalformedEventException extends RuntimeException {

    public MalformedEventException(String message) {
        super(message);
    }

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
