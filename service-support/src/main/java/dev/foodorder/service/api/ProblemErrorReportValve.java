package dev.foodorder.service.api;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

import java.io.IOException;

/**
 * Tomcat answers some bad requests before Spring sees them (an encoded slash or a NUL in the path,
 * a request line too long); its own error page is HTML. This valve gives those answers the same
 * RFC 9457 problem+json body as every other error of the API.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        var reason = HttpStatus.resolve(status);
        var title = reason == null ? "Error" : reason.getReasonPhrase();
        try {
            Problems.write(response, HttpStatusCode.valueOf(status), title,
                    "The request was refused before it reached the application.");
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // The client went away; there is nobody left to tell.
        }
    }
}
