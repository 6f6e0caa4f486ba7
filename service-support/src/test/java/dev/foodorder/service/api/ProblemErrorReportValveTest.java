package dev.foodorder.service.api;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The errors Tomcat answers by itself, on a real Tomcat with the valve in place. */
class ProblemErrorReportValveTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static Tomcat tomcat;

    @BeforeAll
    static void start(@TempDir Path baseDir) throws LifecycleException {
        tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        tomcat.setPort(0);
        ((StandardHost) tomcat.getHost()).setErrorReportValveClass(ProblemErrorReportValve.class.getName());
        var context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "status", new HttpServlet() {
            /** Answers with the status the path names, as Tomcat's own refusals do: an error and no body. */
            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
                int status = Integer.parseInt(request.getRequestURI().substring(1));
                if (status >= 400) {
                    response.sendError(status);
                } else {
                    response.setStatus(status);
                }
            }
        });
        context.addServletMapping("/*", "status");
        tomcat.getConnector();
        tomcat.start();
    }

    @AfterAll
    static void stop() throws LifecycleException {
        tomcat.stop();
        tomcat.destroy();
    }

    @Test
    void aRequestRefusedBeforeTheApplicationGetsAProblemTitledWithTheReason() throws Exception {
        var response = get("/400");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).isEqualTo("""
                {"type":"about:blank","title":"Bad Request","status":400,"detail":"The request was refused before it reached the application."}""");
    }

    @Test
    void aStatusWithoutAKnownReasonIsTitledError() throws Exception {
        var response = get("/499");

        assertThat(response.statusCode()).isEqualTo(499);
        assertThat(response.body()).isEqualTo("""
                {"type":"about:blank","title":"Error","status":499,"detail":"The request was refused before it reached the application."}""");
    }

    @Test
    void aSuccessIsLeftAlone() throws Exception {
        var response = get("/204");

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.headers().firstValue("Content-Type")).isEmpty();
        assertThat(response.body()).isEmpty();
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        var uri = URI.create("http://localhost:" + tomcat.getConnector().getLocalPort() + path);
        return CLIENT.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }
}
