package dev.foodorder.analytics;

import dev.foodorder.analytics.figures.FiguresProperties;
import dev.foodorder.analytics.flagging.FlaggingProperties;
import dev.foodorder.analytics.streams.BoundedRocksDbMemory;
import dev.foodorder.analytics.streams.Instances;
import dev.foodorder.analytics.streams.LocalStores;
import dev.foodorder.analytics.streams.StateRetention;
import dev.foodorder.events.EventCodec;
import dev.foodorder.events.EventEnvelope;
import dev.foodorder.events.IntegrationEvent;
import dev.foodorder.events.Topics;
import dev.foodorder.events.inventory.InventoryEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.InvalidStateStorePartitionException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.test.TestRecord;
import org.springframework.util.FileSystemUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;

/**
 * The service's own topology ({@link AnalyticsTopology}) on Kafka's {@link TopologyTestDriver}: records go in
 * as the producers write them (CloudEvents in binary mode), and the views read its stores as they do in the
 * service. Each record's timestamp is five minutes after its event's time, as if the outbox had been slow,
 * so a view that windowed by record time instead of event time would be wrong.
 */
public final class AnalyticsDriver implements AutoCloseable {

    public static final FiguresProperties FIGURES = new FiguresProperties(Duration.ofSeconds(30));
    public static final FlaggingProperties FLAGGING = new FlaggingProperties(5, Duration.ofSeconds(10), Duration.ofSeconds(30));
    public static final StateRetention RETENTION = new StateRetention(Duration.ofHours(24), Duration.ofMinutes(1));

    private static final Duration PUBLISHED_LATE = Duration.ofMinutes(5);
    private static final HostInfo THIS_INSTANCE = new HostInfo("localhost", 8085);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Path stateDir;
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, byte[]> orders;
    private final TestInputTopic<String, byte[]> inventory;
    private final TestOutputTopic<String, byte[]> customers;

    private AnalyticsDriver(FiguresProperties figures, FlaggingProperties flagging, StateRetention retention) {
        stateDir = temporaryDirectory();
        var properties = properties(stateDir);
        // As Spring Kafka's StreamsBuilderFactoryBean makes and builds it.
        var builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(properties)));
        new AnalyticsTopology(figures, flagging, retention, meters).addTo(builder);
        driver = new TopologyTestDriver(builder.build(properties), properties);
        orders = driver.createInputTopic(Topics.ORDERS, new StringSerializer(), new ByteArraySerializer());
        inventory = driver.createInputTopic(Topics.INVENTORY, new StringSerializer(), new ByteArraySerializer());
        customers = driver.createOutputTopic(Topics.CUSTOMERS, new StringDeserializer(), new ByteArrayDeserializer());
    }

    public static AnalyticsDriver start() {
        return start(FIGURES, FLAGGING, RETENTION);
    }

    public static AnalyticsDriver start(FiguresProperties figures, FlaggingProperties flagging, StateRetention retention) {
        return new AnalyticsDriver(figures, flagging, retention);
    }

    /** Publishes an event as its service would: on its topic, keyed as the contract says, with a new id. */
    public EventEnvelope publish(IntegrationEvent event) {
        var source = event instanceof InventoryEvent ? "/inventory-service" : "/order-service";
        return publish(EventEnvelope.of(source, event));
    }

    public EventEnvelope publish(EventEnvelope envelope) {
        publishRecord(envelope.topic(), envelope.key(), envelope.headers(), EventCodec.toJson(envelope.data()),
                envelope.time().plus(PUBLISHED_LATE));
        return envelope;
    }

    /** Publishes a record as it is, however broken. */
    public void publishRecord(String topic, String key, Map<String, String> headers, byte[] value, Instant timestamp) {
        var recordHeaders = new RecordHeaders();
        headers.forEach((name, header) -> recordHeaders.add(name, header.getBytes(StandardCharsets.UTF_8)));
        var record = new TestRecord<>(key, value, recordHeaders, timestamp);
        (topic.equals(Topics.ORDERS) ? orders : inventory).pipeInput(record);
    }

    /** The records written to topic {@code customers} since the last call. */
    public List<TestRecord<String, byte[]>> customers() {
        return customers.readRecordsToList();
    }

    /** The stores as the REST views read them: the driver runs one task per sub-topology, with partition 0. */
    public LocalStores stores() {
        return new LocalStores() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> T store(String name, QueryableStoreType<T> type, int partition) {
                if (partition != 0) {
                    throw new InvalidStateStorePartitionException("The driver has no partition " + partition);
                }
                // getStateStore refuses the built-in store types; the map of all stores gives any of them.
                return (T) driver.getAllStateStores().get(name);
            }
        };
    }

    /** The driver as the only instance of the application, which holds every partition and asks no other. */
    public Instances instances() {
        return new Instances() {
            @Override
            public Location locate(String store, String key) {
                return new Location(THIS_INSTANCE, 0, true);
            }

            @Override
            public <T> Optional<T> ask(HostInfo instance, Class<T> type, String path, Object... uriVariables) {
                throw new UnsupportedOperationException("The driver is the only instance");
            }

            @Override
            public <S> List<S> gather(String store, Function<Set<Integer>, S> here, Class<S> type, String path,
                                      Map<String, ?> parameters) {
                return List.of(here.apply(Set.of(0)));
            }
        };
    }

    public SimpleMeterRegistry meters() {
        return meters;
    }

    public double count(String meter, String... tags) {
        var counter = meters.find(meter).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    @Override
    public void close() {
        driver.close();
        FileSystemUtils.deleteRecursively(stateDir.toFile());
    }

    /** As application.yml configures the service, so the tests run the stores and guarantees it runs. */
    private static Properties properties(Path stateDir) {
        var properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "analytics-service-test");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        properties.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class.getName());
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return properties;
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("analytics-driver");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
