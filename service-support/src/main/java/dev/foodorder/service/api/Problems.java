package dev.foodorder.service.api;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;

/**
 * Every error answer of the API as RFC 9457 problem details, made here: the details, Retry-After,
 * and the body of the answers given outside Spring MVC. {@link ApiProblems} hands its details to
 * Spring MVC, which writes them; the filters and Tomcat's error valve answer before Spring MVC
 * runs, so this class writes theirs.
 */
public final class Problems {

    /**
     * Built once and shared: the admission control answers with it under overload, when a refusal
     * must cost next to nothing. Unsorted, so that fields come in the order of {@link ProblemDetail}.
     */
    private static final ObjectWriter JSON = JsonMapper.builder()
            .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class)
            .build()
            .writerFor(ProblemDetail.class);

    private static final URI BLANK = URI.create("about:blank");

    private Problems() {
    }

    static ProblemDetail problem(HttpStatusCode status, String title, String detail) {
        var problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }

    /** An answer for Spring MVC to write, telling the client when to come back. */
    static ResponseEntity<ProblemDetail> retryLater(ProblemDetail problem, long retryAfterSeconds) {
        return ResponseEntity.status(problem.getStatus())
                .header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds))
                .body(problem);
    }

    /** Answers a request that Spring MVC will not see: the status, and the problem as the body. */
    public static void write(HttpServletResponse response, HttpStatusCode status, String title, String detail) throws IOException {
        var problem = problem(status, title, detail);
        // These answers have always named their type; Spring MVC's leave it out, which RFC 9457 reads the same.
        problem.setType(BLANK);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(JSON.writeValueAsBytes(problem));
    }

    /** As {@link #write(HttpServletResponse, HttpStatusCode, String, String)}, telling the client when to come back. */
    static void write(HttpServletResponse response, HttpStatusCode status, String title, String detail,
                      long retryAfterSeconds) throws IOException {
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
        write(response, status, title, detail);
    }
}
