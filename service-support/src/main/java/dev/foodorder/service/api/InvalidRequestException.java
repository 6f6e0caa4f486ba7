package dev.foodorder.service.api;

import java.util.List;

/** Fields that bean validation cannot judge alone (they depend on who calls) are invalid: 400, listing them. */
public class InvalidRequestException extends RuntimeException {

    private final List<FieldError> errors;

    public InvalidRequestException(List<FieldError> errors) {
        super(errors.toString());
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
