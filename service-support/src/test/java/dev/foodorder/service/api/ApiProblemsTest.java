package dev.foodorder.service.api;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** What a client reads when a controller fails: every field of the problem, as Spring MVC writes it. */
class ApiProblemsTest {

    /** Sends bodies in chunks, as a client that does not declare their length. */
    private final Filter chunked = (request, response, chain) -> chain.doFilter(
            new HttpServletRequestWrapper((HttpServletRequest) request) {
                @Override
                public long getContentLengthLong() {
                    return -1;
                }
            }, response);

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new Failing()).setControllerAdvice(new ApiProblems())
            .addFilters(chunked, new RequestSizeLimit(10))
            .build();

    @Test
    void aMissingResourceIs404WithItsMessageAsDetail() throws Exception {
        mvc.perform(get("/missing"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType("application/problem+json"))
                .andExpect(jsonPath("$.title").value("Not found"))
                .andExpect(jsonPath("$.status").value(404))
                .andExpect(jsonPath("$.detail").value("No order 42"))
                .andExpect(jsonPath("$.instance").value("/missing"))
                .andExpect(jsonPath("$.type").doesNotExist());
    }

    @Test
    void aConflictIs409() throws Exception {
        mvc.perform(get("/conflict"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.title").value("Conflict"))
                .andExpect(jsonPath("$.status").value(409))
                .andExpect(jsonPath("$.detail").value("Already cancelled"));
    }

    @Test
    void anUnprocessableRequestIs422() throws Exception {
        mvc.perform(get("/unprocessable"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.title").value("Unprocessable request"))
                .andExpect(jsonPath("$.status").value(422))
                .andExpect(jsonPath("$.detail").value("Unknown sku"));
    }

    @Test
    void aBugIs500WithoutItsMessageNorRetryAfter() throws Exception {
        mvc.perform(get("/bug"))
                .andExpect(status().isInternalServerError())
                .andExpect(content().contentType("application/problem+json"))
                .andExpect(header().doesNotExist("Retry-After"))
                .andExpect(jsonPath("$.title").value("Internal error"))
                .andExpect(jsonPath("$.status").value(500))
                .andExpect(jsonPath("$.detail").value("The request could not be completed."))
                .andExpect(jsonPath("$.instance").value("/bug"));
    }

    @Test
    void aDatabaseOutOfReachIs503WithRetryAfter() throws Exception {
        mvc.perform(get("/no-database"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(content().contentType("application/problem+json"))
                .andExpect(header().string("Retry-After", "1"))
                .andExpect(jsonPath("$.title").value("Service unavailable"))
                .andExpect(jsonPath("$.status").value(503))
                .andExpect(jsonPath("$.detail").value("The database could not be reached in time; retry after 1 s."));
    }

    @Test
    void aStreamedBodyOverTheLimitIs413() throws Exception {
        mvc.perform(post("/echo").contentType(MediaType.TEXT_PLAIN).content("far more than ten bytes"))
                .andExpect(status().isContentTooLarge())
                .andExpect(content().contentType("application/problem+json"))
                .andExpect(jsonPath("$.title").value("Content Too Large"))
                .andExpect(jsonPath("$.status").value(413))
                .andExpect(jsonPath("$.detail").value("The request body is larger than 10 bytes."))
                .andExpect(jsonPath("$.instance").value("/echo"));
    }

    @RestController
    static class Failing {

        @PostMapping("/echo")
        String echo(@RequestBody String body) {
            return body;
        }

        @GetMapping("/missing")
        void missing() {
            throw new NotFoundException("No order 42");
        }

        @GetMapping("/conflict")
        void conflict() {
            throw new ConflictException("Already cancelled");
        }

        @GetMapping("/unprocessable")
        void unprocessable() {
            throw new UnprocessableException("Unknown sku");
        }

        @GetMapping("/bug")
        void bug() {
            throw new IllegalStateException("a bug, with internals");
        }

        @GetMapping("/no-database")
        void noDatabase() {
            throw new org.springframework.transaction.CannotCreateTransactionException("no connection");
        }
    }
}
