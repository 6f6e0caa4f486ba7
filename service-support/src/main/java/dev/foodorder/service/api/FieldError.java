package dev.foodorder.service.api;

/**
 * One invalid field of a request, as listed under {@code errors} in a 400 problem.
 *
 * @param field   the property path, such as {@code items[0].quantity}
 * @param message what is wrong with it
 */
public record FieldError(String field, String message) {
}
