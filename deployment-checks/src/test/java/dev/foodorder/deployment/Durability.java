package dev.foodorder.deployment;

import dev.foodorder.messaging.consumer.DeadLetterTopics;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static java.util.Map.entry;

/**
 * Whether what was committed survives the loss of a node: a database commit is on a standby too and in
 * the object store's backups; a Kafka write is on two brokers; a parked record waits long enough for a
 * person. Each check lists what falls short, one line each; empty when nothing does.
 */
final class Durability {

    /** Copies of every partition: one broker can be lost, and a second can be restarted meanwhile. */
    static final int KAFKA_REPLICAS = 3;
    /** A write is acknowledged (acks=all) once this many copies have it. */
    static final int KAFKA_MIN_IN_SYNC = 2;
    /** A primary and two standbys: commits go on with one standby lost, as they wait for one. */
    static final int DATABASE_INSTANCES = 3;
    static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(30);

    /** The broker's defaults, for what it creates itself: its offsets and transaction logs, and any topic made without a KafkaTopic. */
    private static final Map<String, Integer> BROKER_DEFAULTS = Map.ofEntries(
            entry("default.replication.factor", KAFKA_REPLICAS),
            entry("min.insync.replicas", KAFKA_MIN_IN_SYNC),
            entry("offsets.topic.replication.factor", KAFKA_REPLICAS),
            entry("transaction.state.log.replication.factor", KAFKA_REPLICAS),
            entry("transaction.state.log.min.isr", KAFKA_MIN_IN_SYNC));

    private Durability() {
    }

    /** Every database commits on one standby at least, and has one more to lose before writes stop. */
    static List<String> synchronousStandbys(Manifest manifest) {
        var problems = new ArrayList<String>();
        for (var cluster : manifest.ofKind("Cluster")) {
            var where = "Cluster " + Manifest.nameOf(cluster) + ": ";
            var instances = number(cluster.path("spec").path("instances"));
            if (instances.orElse(1) < DATABASE_INSTANCES) {
                problems.add(where + text(instances) + " instances, not " + DATABASE_INSTANCES);
            }
            var synchronous = cluster.path("spec").path("postgresql").path("synchronous");
            if (synchronous.isMissingNode()) {
                problems.add(where + "no synchronous standby (spec.postgresql.synchronous): a failover loses the last commits");
                continue;
            }
            var standbys = number(synchronous.path("number"));
            if (standbys.orElse(0) < 1) {
                problems.add(where + "waits for " + text(standbys) + " synchronous standbys, not one at least");
            }
            // preferred would drop to asynchronous replication exactly when the standbys are in trouble.
            if (!"required".equals(synchronous.path("dataDurability").asString(""))) {
                problems.add(where + "dataDurability is " + synchronous.path("dataDurability").asString("not set") + ", not required");
            }
        }
        return problems;
    }

    /**
     * Every database archives its WAL and base backups to an object store, with credentials from a Secret
     * that is referenced but not shipped, and a ScheduledBackup takes a base backup of it every day.
     */
    static List<String> backups(Manifest manifest) {
        var problems = new ArrayList<String>();
        for (var cluster : manifest.ofKind("Cluster")) {
            var name = Manifest.nameOf(cluster);
            var where = "Cluster " + name + ": ";
            var backup = cluster.path("spec").path("backup");
            var store = backup.path("barmanObjectStore");
            if (store.path("destinationPath").asString("").isBlank()) {
                problems.add(where + "no object store to back up to (spec.backup.barmanObjectStore.destinationPath)");
                continue;
            }
            for (var credential : List.of("accessKeyId", "secretAccessKey")) {
                var reference = store.path("s3Credentials").path(credential);
                var secret = reference.path("name").asString("");
                if (secret.isBlank() || reference.path("key").asString("").isBlank()) {
                    problems.add(where + "s3Credentials." + credential + " is not read from a Secret");
                } else if (manifest.named("Secret", secret).isPresent()) {
                    problems.add(where + "the manifests ship Secret " + secret + ", which must be created in the cluster, never committed");
                }
            }
            if (backup.path("retentionPolicy").asString("").isBlank()) {
                problems.add(where + "no retentionPolicy: the object store would fill up");
            }
            var scheduled = manifest.ofKind("ScheduledBackup").stream()
                    .filter(candidate -> name.equals(candidate.path("spec").path("cluster").path("name").asString("")))
                    .toList();
            if (scheduled.isEmpty()) {
                problems.add(where + "no ScheduledBackup: no base backup, nothing to restore the archived WAL onto");
            }
            for (var schedule : scheduled) {
                var method = schedule.path("spec").path("method").asString("barmanObjectStore");
                if (!method.equals("barmanObjectStore")) {
                    problems.add("ScheduledBackup " + Manifest.nameOf(schedule) + ": method " + method + ", not the object store");
                }
                var when = schedule.path("spec").path("schedule").asString("");
                if (!daily(when)) {
                    problems.add("ScheduledBackup " + Manifest.nameOf(schedule) + ": \"" + when + "\" is not every day");
                }
            }
        }
        return problems;
    }

    /** Every topic and the broker's defaults keep three copies and acknowledge a write on two. */
    static List<String> kafkaCopies(Manifest manifest) {
        var problems = new ArrayList<String>();
        for (var topic : manifest.ofKind("KafkaTopic")) {
            var where = "KafkaTopic " + ManifestAgreement.topicName(topic) + ": ";
            var replicas = number(topic.path("spec").path("replicas"));
            if (replicas.orElse(0) != KAFKA_REPLICAS) {
                problems.add(where + text(replicas) + " replicas, not " + KAFKA_REPLICAS);
            }
            var minInSync = number(topic.path("spec").path("config").path("min.insync.replicas"));
            if (minInSync.orElse(0) != KAFKA_MIN_IN_SYNC) {
                problems.add(where + "min.insync.replicas is " + text(minInSync) + ", not " + KAFKA_MIN_IN_SYNC);
            }
        }
        for (var kafka : manifest.ofKind("Kafka")) {
            var config = kafka.path("spec").path("kafka").path("config");
            BROKER_DEFAULTS.forEach((setting, expected) -> {
                var value = number(config.path(setting));
                if (value.orElse(0) != expected) {
                    problems.add("Kafka " + Manifest.nameOf(kafka) + ": " + setting + " is " + text(value) + ", not " + expected);
                }
            });
        }
        return problems;
    }

    /**
     * Every dead-letter topic keeps a parked record for 30 days at least, by time and not cut short by size,
     * and takes a record as large as the parking producer sends.
     */
    static List<String> deadLetterRetention(Manifest manifest) {
        var problems = new ArrayList<String>();
        var deadLetterTopics = manifest.ofKind("KafkaTopic").stream()
                .filter(topic -> ManifestAgreement.topicName(topic).endsWith(".DLT"))
                .toList();
        if (deadLetterTopics.isEmpty()) {
            problems.add("no dead-letter topic (*.DLT)");
        }
        for (var topic : deadLetterTopics) {
            var where = "KafkaTopic " + ManifestAgreement.topicName(topic) + ": ";
            var config = topic.path("spec").path("config");
            var retention = number(config.path("retention.ms"));
            if (retention.isEmpty()) {
                problems.add(where + "no retention.ms: it keeps records the broker's default 7 days, not "
                        + DEAD_LETTER_RETENTION.toDays() + " days");
            } else if (retention.getAsLong() != -1 && retention.getAsLong() < DEAD_LETTER_RETENTION.toMillis()) {
                problems.add(where + "retention.ms " + retention.getAsLong() + " is under " + DEAD_LETTER_RETENTION.toDays() + " days");
            }
            if (number(config.path("max.message.bytes")).orElse(0) < DeadLetterTopics.MAX_RECORD_BYTES) {
                problems.add(where + "max.message.bytes under " + DeadLetterTopics.MAX_RECORD_BYTES + ": a record as large as its "
                        + "source topic takes would not fit with the failure's headers, and would hold its partition");
            }
            if (number(config.path("retention.bytes")).orElse(-1) != -1) {
                problems.add(where + "retention.bytes may delete a parked record before its " + DEAD_LETTER_RETENTION.toDays() + " days");
            }
        }
        return problems;
    }

    /** CloudNativePG's schedule has six fields, seconds first; any day of any month, any weekday, is daily. */
    private static boolean daily(String schedule) {
        var fields = schedule.trim().split("\\s+");
        return fields.length == 6 && List.of(fields).subList(3, 6).stream().allMatch("*"::equals);
    }

    /** A number however the YAML wrote it (Strimzi accepts 2 and "2" alike); empty when absent. */
    private static OptionalLong number(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(value.asString("").trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static String text(OptionalLong value) {
        return value.isPresent() ? Long.toString(value.getAsLong()) : "not set";
    }
}
