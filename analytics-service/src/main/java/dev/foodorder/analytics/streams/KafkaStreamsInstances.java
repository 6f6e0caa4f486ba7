package dev.foodorder.analytics.streams;

import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The instances of this application as Kafka Streams' metadata places the partitions, each reached over HTTP
 * at the address it advertises ({@code application.server}).
 *
 * <p>This instance advertises its own address once the web server has started, since only then is its port
 * known ({@code server.port=0} in tests). That is before Kafka Streams starts: the web server starts in
 * lifecycle phase {@code WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE}, earlier than the phase of
 * {@link StreamsBuilderFactoryBean}, which reads its configuration when it starts.
 */
public final class KafkaStreamsInstances implements Instances, ApplicationListener<WebServerInitializedEvent> {

    private static final Logger log = LoggerFactory.getLogger(KafkaStreamsInstances.class);

    private final RunningStreams streams;
    private final StreamsBuilderFactoryBean factory;
    private final String host;
    private final RestClient http;
    private volatile HostInfo address;

    public KafkaStreamsInstances(RunningStreams streams, StreamsBuilderFactoryBean factory, InstanceProperties instance,
                                 JsonMapper json) {
        this.streams = streams;
        this.factory = factory;
        this.host = instance.host();
        this.http = RestClient.builder()
                .requestFactory(requests(instance.timeout()))
                // The mapper the server writes with, so that a share reads back as it was written.
                .configureMessageConverters(converters -> converters.withJsonConverter(new JacksonJsonHttpMessageConverter(json)))
                .requestInterceptor(KafkaStreamsInstances::relayAccessToken)
                .build();
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() != null) {
            // The management server, when it has a port of its own: the API is not there.
            return;
        }
        if (factory.isRunning()) {
            throw new IllegalStateException("Kafka Streams started before the web server: it cannot advertise the API's port");
        }
        address = new HostInfo(host, event.getWebServer().getPort());
        var configuration = factory.getStreamsConfiguration();
        configuration.put(StreamsConfig.APPLICATION_SERVER_CONFIG, addressOf(address));
        factory.setStreamsConfiguration(configuration);
    }

    @Override
    public Location locate(String store, String key) {
        var metadata = streams.metadataForKey(store, key);
        return new Location(metadata.activeHost(), metadata.partition(), isThis(metadata.activeHost()));
    }

    @Override
    public <T> Optional<T> ask(HostInfo instance, Class<T> type, String path, Object... uriVariables) {
        try {
            return Optional.ofNullable(http.get()
                    .uri("http://" + addressOf(instance) + path, uriVariables)
                    .header(FORWARDED, addressOf(address))
                    .retrieve()
                    .body(type));
        } catch (HttpClientErrorException.NotFound e) {
            return Optional.empty();
        } catch (RestClientException e) {
            throw unanswered(instance, e);
        }
    }

    @Override
    public <S> List<S> gather(String store, Function<Set<Integer>, S> here, Class<S> type, String path,
                              Map<String, ?> parameters) {
        var shares = new ArrayList<S>();
        // One instance after the other: a handful, each answering in milliseconds.
        streams.partitionsByInstance(store).forEach((instance, partitions) -> shares.add(isThis(instance)
                ? here.apply(partitions)
                : shareOf(instance, partitions, type, path, parameters)));
        return shares;
    }

    private <S> S shareOf(HostInfo instance, Set<Integer> partitions, Class<S> type, String path, Map<String, ?> parameters) {
        S share;
        try {
            share = http.get()
                    .uri("http://" + addressOf(instance) + path, uri -> {
                        parameters.forEach((name, value) -> uri.queryParam(name, value));
                        return uri.queryParam("partitions", partitions.toArray()).build();
                    })
                    .header(FORWARDED, addressOf(address))
                    .retrieve()
                    .body(type);
        } catch (RestClientException e) {
            throw unanswered(instance, e);
        }
        if (share == null) {
            throw new StreamsUnavailableException("Another instance of the analytics answered without its share");
        }
        return share;
    }

    /**
     * Another instance is asked on behalf of the caller, with the caller's own access token: it checks it
     * as this one did, so no instance trusts a request for coming from inside.
     */
    private static ClientHttpResponse relayAccessToken(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes asked) {
            var token = asked.getRequest().getHeader(HttpHeaders.AUTHORIZATION);
            if (token != null) {
                request.getHeaders().set(HttpHeaders.AUTHORIZATION, token);
            }
        }
        return execution.execute(request, body);
    }

    private boolean isThis(HostInfo instance) {
        return instance.equals(address);
    }

    /**
     * An instance that is itself rebalancing answers 503, which passes; one that does not answer at all is
     * worth a warning: its pod may be gone, or unreachable at the address it advertises.
     */
    private static StreamsUnavailableException unanswered(HostInfo instance, RestClientException e) {
        if (e instanceof RestClientResponseException answered && answered.getStatusCode().isSameCodeAs(HttpStatus.SERVICE_UNAVAILABLE)) {
            return new StreamsUnavailableException("Another instance of the analytics is not ready", e);
        }
        log.warn("Instance {} of the analytics did not answer a query: {}", addressOf(instance), e.toString());
        return new StreamsUnavailableException("Another instance of the analytics did not answer", e);
    }

    private static String addressOf(HostInfo instance) {
        return instance.host() + ":" + instance.port();
    }

    private static SimpleClientHttpRequestFactory requests(Duration timeout) {
        var requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(timeout);
        requests.setReadTimeout(timeout);
        return requests;
    }
}
