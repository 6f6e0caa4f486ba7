package dev.foodorder.service.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.StreamUtils;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestSizeLimitTest {

    private final RequestSizeLimit limit = new RequestSizeLimit(10);

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedWith413BeforeTheBodyIsRead() throws Exception {
        var reached = new boolean[1];
        var response = new MockHttpServletResponse();

        limit.doFilter(post("{\"note\":\"far too long\"}"), response, (request, ignored) -> reached[0] = true);

        assertThat(reached[0]).isFalse();
        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getContentAsString()).isEqualTo("""
                {"type":"about:blank","title":"Content Too Large","status":413,"detail":"The request body is larger than 10 bytes."}""");
    }

    @Test
    void aStreamedBodyFailsAsSoonAsItCrossesTheLimit() {
        // Sent in chunks: the length is not known until the body has been read.
        var request = new HttpServletRequestWrapper(post("{\"note\":\"far too long\"}")) {
            @Override
            public long getContentLengthLong() {
                return -1;
            }
        };
        FilterChain reads = (filtered, response) -> StreamUtils.copyToByteArray(filtered.getInputStream());

        assertThatThrownBy(() -> limit.doFilter(request, new MockHttpServletResponse(), reads))
                .isInstanceOf(RequestSizeLimit.BodyTooLargeException.class)
                .hasMessage("The request body is larger than 10 bytes.");
    }

    @Test
    void aBodyWithinTheLimitGoesThrough() throws Exception {
        var read = new String[1];
        var response = new MockHttpServletResponse();

        limit.doFilter(post("{\"a\":1}"), response,
                (request, ignored) -> read[0] = StreamUtils.copyToString(request.getInputStream(), StandardCharsets.UTF_8));

        assertThat(read[0]).isEqualTo("{\"a\":1}");
        assertThat(response.getStatus()).isEqualTo(200);
    }

    private static MockHttpServletRequest post(String body) {
        var request = new MockHttpServletRequest("POST", "/api/orders");
        request.setContent(body.getBytes(StandardCharsets.UTF_8));
        request.addHeader("Content-Length", body.length());
        return request;
    }
}
