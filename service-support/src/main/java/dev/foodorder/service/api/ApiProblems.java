package dev.foodorder.service.api;

import jakarta.validation.ConstraintViolationException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Comparator;
import java.util.List;

import static dev.foodorder.service.api.Problems.problem;

/**
 * Turns every error into RFC 9457 problem details ({@link Problems}). Spring MVC's own exceptions
 * (malformed JSON, wrong media type, unknown route, wrong parameter type) are handled by the base
 * class; validation failures list their fields under {@code errors}.
 */
@RestControllerAdvice
public class ApiProblems extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);

    @ExceptionHandler
    ProblemDetail notFound(NotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail invalidRequest(InvalidRequestException e) {
        return invalid(e.errors());
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> tooManyRequests(TooManyRequestsException e) {
        return Problems.retryLater(problem(HttpStatus.TOO_MANY_REQUESTS, "Too many requests", e.getMessage()), e.retryAfterSeconds());
    }

    @ExceptionHandler
    ProblemDetail forbidden(ForbiddenException e) {
        return problem(HttpStatus.FORBIDDEN, "Forbidden", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail conflict(ConflictException e) {
        return problem(HttpStatus.CONFLICT, "Conflict", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail unprocessable(UnprocessableException e) {
        return problem(HttpStatus.UNPROCESSABLE_CONTENT, "Unprocessable request", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail constraintViolation(ConstraintViolationException e) {
        var errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(v.getPropertyPath().toString(), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field))
                .toList();
        return invalid(errors);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (rejectedAsData(e)) {
            // SQLSTATE class 22, "data exception": a value the database cannot take, such as a NUL
            // character in text. The client sent it, so it is the client's error, not ours.
            return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "Invalid request",
                    "The request has a value that cannot be stored, such as a NUL character."));
        }
        if (databaseUnavailable(e)) {
            // No connection in time: the pool is exhausted or the database is away. Nothing was
            // done, and the same request may well succeed in a moment.
            log.warn("No database connection for a request: {}", e.toString());
            return Problems.retryLater(problem(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable",
                    "The database could not be reached in time; retry after 1 s."), 1);
        }
        log.error("Unexpected error", e);
        return ResponseEntity.internalServerError()
                .body(problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error", "The request could not be completed."));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        var errors = e.getBindingResult().getFieldErrors().stream()
                .map(error -> new FieldError(error.getField(), error.getDefaultMessage()))
                .sorted(Comparator.comparing(FieldError::field))
                .toList();
        return ResponseEntity.badRequest().body(invalid(errors));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
                                                                           HttpHeaders headers, HttpStatusCode status,
                                                                           WebRequest request) {
        var errors = e.getParameterValidationResults().stream()
                .flatMap(result -> result instanceof ParameterErrors bound
                        // A @Valid body: name its fields, not the Java parameter.
                        ? bound.getFieldErrors().stream().map(error -> new FieldError(error.getField(), error.getDefaultMessage()))
                        : result.getResolvableErrors().stream()
                        .map(error -> new FieldError(result.getMethodParameter().getParameterName(), error.getDefaultMessage())))
                .sorted(Comparator.comparing(FieldError::field))
                .toList();
        return ResponseEntity.badRequest().body(invalid(errors));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        if (causedBy(e, RequestSizeLimit.BodyTooLargeException.class)) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                    .body(problem(HttpStatus.CONTENT_TOO_LARGE, "Content Too Large", e.getMostSpecificCause().getMessage()));
        }
        return ResponseEntity.badRequest().body(malformed(e.getMostSpecificCause()));
    }

    /**
     * Says which field of the body is wrong, by its JSON path, without the parser's message: that
     * one names Java classes, which are none of the client's business.
     */
    static ProblemDetail malformed(Throwable cause) {
        return switch (cause) {
            case UnrecognizedPropertyException unknown -> invalid(
                    List.of(new FieldError(path(unknown), "is not a known field")), "The body has a field this API does not know.");
            case InputCoercionException range when !range.getPath().isEmpty() -> invalid(
                    List.of(new FieldError(path(range), "is out of range")), "The body has a number out of range.");
            case StreamReadException syntax when syntax.getLocation() != null -> problem(HttpStatus.BAD_REQUEST,
                    "Malformed request body", "The body is not valid JSON (line %d, column %d)."
                            .formatted(syntax.getLocation().getLineNr(), syntax.getLocation().getColumnNr()));
            case JacksonException mismatch when !mismatch.getPath().isEmpty() -> invalid(
                    List.of(new FieldError(path(mismatch), "has the wrong type or format")),
                    "The body has a field of the wrong type.");
            default -> problem(HttpStatus.BAD_REQUEST, "Malformed request body", "The body is not valid JSON of the expected shape.");
        };
    }

    private static String path(JacksonException e) {
        var path = new StringBuilder();
        for (var reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    static ProblemDetail invalid(List<FieldError> errors) {
        return invalid(errors, "The request has invalid fields.");
    }

    static ProblemDetail invalid(List<FieldError> errors, String detail) {
        var problem = problem(HttpStatus.BAD_REQUEST, "Invalid request", detail);
        problem.setProperty("errors", errors);
        return problem;
    }

    private static boolean rejectedAsData(Throwable e) {
        for (var cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("22")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Also when a validator's query hit it: Bean Validation wraps it in a ValidationException.
     */
    private static boolean databaseUnavailable(Throwable e) {
        return causedBy(e, SQLTransientConnectionException.class)
                || causedBy(e, CannotCreateTransactionException.class)
                || causedBy(e, DataAccessResourceFailureException.class)
                || causedBy(e, TransactionSystemException.class)
                || connectionLost(e);
    }

    /**
     * The connection broke under the request: PostgreSQL ended the session or went away (SQLState class 08,
     * 57P01-57P03), or the transaction could not even be rolled back, which Spring's JPA support reports as
     * Hibernate's {@code TransactionException} (named, not imported: not every service uses JPA).
     */
    private static boolean connectionLost(Throwable e) {
        for (var cause = e; cause != null; cause = cause.getCause()) {
            if (cause.getClass().getName().equals("org.hibernate.TransactionException")
                    || cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P0"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (var cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

}
