package dev.foodorder.service;

import dev.foodorder.service.api.AdmissionControl;
import dev.foodorder.service.api.CrossOrigin;
import dev.foodorder.service.api.ApiProblems;
import dev.foodorder.service.api.Backpressure;
import dev.foodorder.service.api.ProblemErrorReportValve;
import dev.foodorder.service.api.RequestSizeLimit;
import dev.foodorder.service.catalog.EventCatalogController;
import dev.foodorder.service.metrics.HttpLatencyHistogram;
import org.apache.catalina.core.StandardHost;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.CorsFilter;

import java.time.Duration;
import java.util.List;

/** Registers the shared HTTP conventions in every service. */
@AutoConfiguration
@ConditionalOnWebApplication
@Import({ApiProblems.class, EventCatalogController.class})
public class ServiceSupportAutoConfiguration {

    /** Errors Tomcat answers by itself come as problem+json too, not as its HTML page. */
    @Bean
    @ConditionalOnClass(name = "org.apache.catalina.startup.Tomcat")
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
            }
        });
    }

    /** The HTTP latency histogram that the dashboard's p99 reads. */
    @Bean
    HttpLatencyHistogram httpLatencyHistogram() {
        return new HttpLatencyHistogram();
    }

    /** Bodies larger than {@code api.max-request-size} (64KB by default) are refused with 413. */
    @Bean
    FilterRegistrationBean<RequestSizeLimit> requestSizeLimit(@Value("${api.max-request-size:64KB}") DataSize limit) {
        var registration = new FilterRegistrationBean<>(new RequestSizeLimit(limit.toBytes()));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    /**
     * Browsers on the origins in {@code api.cors.allowed-origins} may call the API. Declared before the
     * admission control's registration with the same order, so that it runs first (registrations of one
     * order keep the order they are declared in) and refusals carry the CORS headers too.
     */
    @Bean
    @ConditionalOnProperty("api.cors.allowed-origins")
    FilterRegistrationBean<CorsFilter> crossOriginRegistration(@Value("${api.cors.allowed-origins}") List<String> allowedOrigins) {
        var registration = new FilterRegistrationBean<>(CrossOrigin.filter(allowedOrigins));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /**
     * At most {@code api.admission.max-in-flight} requests that change something are worked on at once; the
     * next waits up to {@code api.admission.max-wait} for a place, then gets 503 with Retry-After;
     * so does a request that a {@link Backpressure} bean refuses.
     */
    @Bean
    AdmissionControl admissionControl(@Value("${api.admission.max-in-flight:32}") int maxInFlight,
                                      @Value("${api.admission.max-waiting:64}") int maxWaiting,
                                      @Value("${api.admission.max-wait:100ms}") Duration maxWait,
                                      @Value("${api.admission.retry-after:1s}") Duration retryAfter,
                                      ObjectProvider<Backpressure> backpressure) {
        return new AdmissionControl(maxInFlight, maxWaiting, maxWait, retryAfter, backpressure.orderedStream().toList());
    }

    @Bean
    FilterRegistrationBean<AdmissionControl> admissionControlRegistration(AdmissionControl admission) {
        var registration = new FilterRegistrationBean<>(admission);
        registration.addUrlPatterns("/api/*");
        // First of all, before even the HTTP observation (metrics and span, at HIGHEST_PRECEDENCE + 1): under
        // overload most requests are refused, and a refusal must cost next to nothing, or refusing becomes
        // the overload. Refusals are counted by http.admission.refused. A body too large for the size limit
        // takes a place only until the limit refuses it.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
