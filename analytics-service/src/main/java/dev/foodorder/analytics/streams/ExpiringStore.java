package dev.foodorder.analytics.streams;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Set;
import java.util.function.Function;

/**
 * State per order or per customer that is forgotten a while after it was last written, so that a store
 * fed for months stays as large as a day of traffic. Beside the values it keeps an index of deadlines
 * whose keys sort by time, so a purge reads only the keys that are due rather than the whole store.
 *
 * <p>Both are RocksDB stores: their size grows with the traffic, so they belong on disk, with the
 * memory they may use bounded by {@link BoundedRocksDbMemory}. Both have changelogs, so a rebuilt
 * instance still forgets what the lost one would have.
 *
 * @param <V> the state, which tells its own deadline: a value written again moves it, and the index
 *            entries it leaves behind are dropped when they come due
 */
public final class ExpiringStore<V> {

    private static final byte[] NOTHING = new byte[0];

    private final KeyValueStore<String, V> values;
    private final KeyValueStore<Bytes, byte[]> deadlines;
    private final Function<V, Instant> deadline;
    private final long granularityMs;

    private ExpiringStore(KeyValueStore<String, V> values, KeyValueStore<Bytes, byte[]> deadlines,
                          Function<V, Instant> deadline, long granularityMs) {
        this.values = values;
        this.deadlines = deadlines;
        this.deadline = deadline;
        this.granularityMs = granularityMs;
    }

    /** The stores behind one expiring store, for a processor supplier's {@code stores()}. */
    public static <V> Set<StoreBuilder<?>> builders(String name, Serde<V> values) {
        // Both cached: the events of one order come within milliseconds, and each would otherwise be a changelog
        // record and a RocksDB write in each store; cached, a key written again before the next commit costs neither.
        return Set.of(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), values).withCachingEnabled(),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(deadlinesOf(name)), Serdes.Bytes(), Serdes.ByteArray())
                        .withCachingEnabled());
    }

    /**
     * The expiring store of a processor's context.
     *
     * @param purgeInterval how often it is purged; deadlines are rounded up to it, so that the writes of one
     *                      key within an interval share one index entry
     */
    public static <V> ExpiringStore<V> of(ProcessingContext context, String name, Function<V, Instant> deadline,
                                          Duration purgeInterval) {
        return new ExpiringStore<>(context.getStateStore(name), context.getStateStore(deadlinesOf(name)), deadline,
                Math.max(1, purgeInterval.toMillis()));
    }

    public V get(String key) {
        return values.get(key);
    }

    public void put(String key, V value) {
        values.put(key, value);
        deadlines.put(indexKey(roundedUp(deadline.apply(value).toEpochMilli()), key), NOTHING);
    }

    /** Forgets every value whose deadline is at or before the time given (a stream time). */
    public void purge(long now) {
        var due = new ArrayList<Bytes>();
        try (var entries = deadlines.range(indexKey(0, ""), indexKey(now + 1, ""))) {
            entries.forEachRemaining(entry -> due.add(entry.key));
        }
        for (var entry : due) {
            var key = keyOf(entry);
            var value = values.get(key);
            if (value != null && deadline.apply(value).toEpochMilli() <= now) {
                values.delete(key);
            }
            deadlines.delete(entry);
        }
    }

    private long roundedUp(long time) {
        return Math.ceilDiv(time, granularityMs) * granularityMs;
    }

    private static String deadlinesOf(String name) {
        return name + "-deadlines";
    }

    /** The deadline first, big-endian, so that RocksDB's byte order is time order. */
    private static Bytes indexKey(long deadline, String key) {
        var bytes = key.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES + bytes.length).putLong(deadline).put(bytes).array());
    }

    private static String keyOf(Bytes indexKey) {
        var bytes = indexKey.get();
        return new String(Arrays.copyOfRange(bytes, Long.BYTES, bytes.length), StandardCharsets.UTF_8);
    }
}
