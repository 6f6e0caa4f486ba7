package dev.foodorder.analytics.streams;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How the instances of this application reach each other, under {@code analytics.instance.*}.
 *
 * @param host    the name or address at which the other instances reach this one's API; advertised with the
 *                server's actual port as Kafka Streams' {@code application.server}. In Kubernetes the pod's IP
 *                ({@code ANALYTICS_INSTANCE_HOST} from the downward API's {@code status.podIP}): a Service name
 *                would reach any pod, not this one.
 * @param timeout how long a request waits to connect to another instance, and then for its answer, before it is
 *                answered 503: a view waits for its slowest instance
 */
@ConfigurationProperties("analytics.instance")
public record InstanceProperties(@DefaultValue("localhost") String host, @DefaultValue("2s") Duration timeout) {

    public InstanceProperties {
        if (host.isBlank()) {
            throw new IllegalArgumentException("analytics.instance.host must name this instance's host");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("analytics.instance.timeout must be positive");
        }
    }
}
