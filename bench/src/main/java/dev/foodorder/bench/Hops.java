package dev.foodorder.bench;

import dev.foodorder.events.EventType;
import dev.foodorder.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Where an order's time went on its way from PENDING to its verdict, hop by hop, read from the timestamps its events
 * carry: the {@code ce_time} the service gave each event when it decided it, and the timestamp Kafka's producer gave
 * its record when the service's outbox relay sent it. The hops are the order service's intake and relay, the
 * inventory's fetch and batch, the inventory's commit and relay, and the order service's fetch and verdict; their sum
 * is the end-to-end latency the steps report, within a millisecond. All the clocks are the machine's own.
 */
final class Hops {

    static final String PLACED = EventType.ORDER_PLACED.type();
    static final List<String> ANSWERS = List.of(EventType.STOCK_RESERVED.type(), EventType.STOCK_RESERVATION_FAILED.type());
    static final List<String> VERDICTS = List.of(EventType.ORDER_CONFIRMED.type(), EventType.ORDER_REJECTED.type());
    static final List<String> HOPS = List.of("placed → sent", "sent → inventory's batch", "inventory's batch → answer sent",
            "answer sent → verdict", "placed → verdict");

    /** The moments of one order's way, in microseconds since the epoch; 0 where its event was not seen. */
    static final class Way {
        long placed;
        long placedSent;
        long answered;
        long answerSent;
        long decided;

        boolean complete() {
            return placed > 0 && placedSent > 0 && answered > 0 && answerSent > 0 && decided > 0;
        }

        double[] hopsMillis() {
            return new double[]{(placedSent - placed) / 1000.0, (answered - placedSent) / 1000.0,
                    (answerSent - answered) / 1000.0, (decided - answerSent) / 1000.0, (decided - placed) / 1000.0};
        }
    }

    /** A step's orders whose whole way was seen, and the percentiles of each hop. */
    record Step(String name, long orders, List<Latencies> hops) {
    }

    private final Map<UUID, Way> ways = new HashMap<>();

    /** Takes one event: its key (the order's id), its type, its {@code ce_time}, and its record's timestamp in ms. */
    void accept(String key, String type, String time, long recordMillis) {
        if (key == null || type == null || time == null) {
            return;
        }
        boolean placed = type.equals(PLACED);
        boolean answer = ANSWERS.contains(type);
        boolean verdict = VERDICTS.contains(type);
        if (!placed && !answer && !verdict) {
            return;
        }
        UUID orderId;
        long decidedMicros;
        try {
            orderId = UUID.fromString(key);
            decidedMicros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse(time));
        } catch (RuntimeException e) {
            return;
        }
        var way = ways.computeIfAbsent(orderId, id -> new Way());
        if (placed) {
            way.placed = decidedMicros;
            way.placedSent = recordMillis * 1000;
        } else if (answer) {
            way.answered = decidedMicros;
            way.answerSent = recordMillis * 1000;
        } else {
            way.decided = decidedMicros;
        }
    }

    /**
     * Reads the orders' and the inventory's topics from the run's start to their ends as they are now.
     *
     * @param client the stack's Kafka client settings, allowed to read both topics
     * @param since  records older than this are skipped: a running stack keeps earlier days' events
     */
    static Hops read(Map<String, Object> client, Instant since, Duration timeout) {
        var hops = new Hops();
        try (var consumer = RawRecords.consumer(client, Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000))) {
            var partitions = new ArrayList<TopicPartition>();
            for (var topic : List.of(Topics.ORDERS, Topics.INVENTORY)) {
                consumer.partitionsFor(topic, timeout).forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
            }
            consumer.assign(partitions);
            var query = new HashMap<TopicPartition, Long>();
            partitions.forEach(partition -> query.put(partition, since.toEpochMilli()));
            var starts = consumer.offsetsForTimes(query, timeout);
            var ends = consumer.endOffsets(partitions, timeout);
            partitions.forEach(partition -> {
                var start = starts.get(partition);
                consumer.seek(partition, start == null ? ends.get(partition) : start.offset());
            });
            var deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the topics were not read to their end within " + timeout);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(hops::accept);
            }
        }
        return hops;
    }

    private void accept(ConsumerRecord<byte[], byte[]> record) {
        accept(record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8), RawRecords.header(record, "ce_type"),
                RawRecords.header(record, "ce_time"), record.timestamp());
    }

    /** Each step's counted orders that were accepted, by step, in the order of the run. */
    static Map<String, List<UUID>> countedOrders(Analysis analysis) {
        var byStep = new LinkedHashMap<String, List<UUID>>();
        for (var step : analysis.steps) {
            byStep.put(step.window().step().name(), analysis.counted(step.window()).stream()
                    .filter(order -> order.placement().accepted()).map(order -> order.placement().orderId).toList());
        }
        return byStep;
    }

    /** The percentiles of each hop, for each step's orders whose whole way was seen; steps with none are left out. */
    List<Step> perStep(Map<String, List<UUID>> ordersByStep) {
        var steps = new ArrayList<Step>();
        ordersByStep.forEach((name, orderIds) -> {
            var perHop = new ArrayList<List<Double>>();
            HOPS.forEach(hop -> perHop.add(new ArrayList<>()));
            orderIds.stream().map(ways::get).filter(way -> way != null && way.complete()).forEach(way -> {
                var millis = way.hopsMillis();
                for (int i = 0; i < millis.length; i++) {
                    perHop.get(i).add(Math.max(0, millis[i]));
                }
            });
            if (!perHop.getFirst().isEmpty()) {
                steps.add(new Step(name, perHop.getFirst().size(), perHop.stream().map(Latencies::of).toList()));
            }
        });
        return steps;
    }

    /** Writes {@code hops.md} and gives the summary's notes: each step's medians. */
    static List<String> write(Path output, List<Step> steps) {
        var md = new StringBuilder("""
                # Where an order's time went, hop by hop

                From the timestamps each order's events carry, read back from Kafka after the load: an event's `ce_time`
                (when its service decided it) and its record's timestamp (when the service's outbox relay sent it).
                *placed → sent*: the order service's intake, group commit and relay; *sent → inventory's batch*: the
                broker, the inventory's fetch and the batch ahead of it; *inventory's batch → answer sent*: that batch's
                statements and commit, and the inventory's relay; *answer sent → verdict*: the broker and the order
                service's fetch and batch. Each step's counted orders whose whole way was seen; milliseconds.
                """);
        for (var step : steps) {
            md.append("\n## ").append(step.name()).append(String.format(Locale.ROOT, "%n%n%,d orders.%n%n", step.orders()));
            md.append("| hop | p50 | p90 | p99 | max |\n|---|---|---|---|---|\n");
            for (int i = 0; i < HOPS.size(); i++) {
                var hop = step.hops().get(i);
                md.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f |%n", HOPS.get(i), hop.p50(), hop.p90(),
                        hop.p99(), hop.max()));
            }
        }
        try {
            Files.createDirectories(output);
            Files.writeString(output.resolve("hops.md"), md, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var notes = new ArrayList<String>();
        for (var step : steps) {
            notes.add(String.format(Locale.ROOT, "%s, hop by hop (`hops.md`), medians: placed → sent %.1f ms, → inventory's batch %.1f, "
                            + "→ answer sent %.1f, → verdict %.1f; the whole way %.1f (p99 %.0f).", step.name(),
                    median(step, 0), median(step, 1), median(step, 2), median(step, 3), median(step, 4), step.hops().get(4).p99()));
        }
        return notes;
    }

    private static double median(Step step, int hop) {
        return step.hops().get(hop).p50();
    }
}
