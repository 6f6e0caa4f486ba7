package dev.foodorder.service.api;

/** The request is well-formed but cannot be carried out as it stands: 422. */
public class UnprocessableException extends RuntimeException {

    public UnprocessableException(String message) {
        super(message);
    }
}
