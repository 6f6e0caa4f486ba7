package dev.foodorder.service.api;

/** The caller is known, and may not do this: 403. */
public class ForbiddenException extends RuntimeException {

    public ForbiddenException(String message) {
        super(message);
    }
}
