package dev.foodorder.analytics.streams;

import org.apache.kafka.streams.state.HostInfo;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The instances of this application (one application id), among which Kafka Streams splits the partitions,
 * and so the state, of every store. Through this, any instance answers for the whole application: a key is
 * read where its partition is held, and a view over everything adds up every instance's share. With one
 * instance, everything is here.
 */
public interface Instances {

    /**
     * Marks a request that one instance forwarded to another, with the forwarding instance's address. Such a
     * request is answered from the stores where it arrives and never forwarded again: two instances that
     * disagree for a moment on where a key is (during a rebalance) must not pass it back and forth.
     */
    String FORWARDED = "Analytics-Forwarded-By";

    /**
     * Where a key of a store is kept.
     *
     * @throws StreamsUnavailableException while that is not known: Kafka Streams starting or rebalancing
     */
    Location locate(String store, String key);

    /**
     * Forwards a request to the instance that holds what it asks for, and returns its answer.
     *
     * @param path         the request's path, as a URI template
     * @param uriVariables the template's variables
     * @return empty if that instance has none (it answered 404)
     * @throws StreamsUnavailableException if it did not answer in time, or answered with an error
     */
    <T> Optional<T> ask(HostInfo instance, Class<T> type, String path, Object... uriVariables);

    /**
     * Each instance's share of a store, one per instance that holds some of its partitions: read here for this
     * instance, asked of the others through the internal endpoint at {@code path}, with the parameters and the
     * partitions to read (query parameter {@code partitions}). Every partition is read exactly once, by the
     * instance the latest rebalance gave it to; if one has moved since, the read fails rather than count it
     * twice or not at all.
     *
     * @param here reads this instance's share of the partitions given
     * @throws StreamsUnavailableException if the partitions' places are not known, or an instance did not answer in
     *                                     time: a figure that silently left some partitions out would be wrong
     */
    <S> List<S> gather(String store, Function<Set<Integer>, S> here, Class<S> type, String path, Map<String, ?> parameters);

    /**
     * @param instance  the instance that holds the key's partition
     * @param partition the store's partition that holds the key
     * @param local     whether that instance is this one
     */
    record Location(HostInfo instance, int partition, boolean local) {
    }
}
