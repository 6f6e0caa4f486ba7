package dev.foodorder.deployment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In production a committed order survives the loss of a database's primary or of a Kafka broker, every
 * database can be restored from its backups, and a parked record waits for a person long enough
 * (BrokenManifestsTest proves that these checks fail when a setting goes).
 */
class DurabilityTest {

    static List<String> productionOverlays() {
        return List.of(Overlays.PRODUCTION, Overlays.PRODUCTION_WITH_KEDA);
    }

    static List<String> overlays() {
        return Overlays.NAMES;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("productionOverlays")
    void everyDatabaseCommitsOnAStandbyAndHasASecondStandbyToLose(String overlay) {
        var production = Overlays.rendered(overlay);

        assertThat(production.ofKind("Cluster")).isNotEmpty();
        assertThat(Durability.synchronousStandbys(production)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("productionOverlays")
    void everyDatabaseIsBackedUpDailyToAnObjectStoreWithCredentialsFromASecretThatIsNotShipped(String overlay) {
        var production = Overlays.rendered(overlay);

        assertThat(Durability.backups(production)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("productionOverlays")
    void everyTopicAndTheBrokersDefaultsKeepThreeCopiesAndAcknowledgeAWriteOnTwo(String overlay) {
        var production = Overlays.rendered(overlay);

        assertThat(production.ofKind("KafkaTopic")).isNotEmpty();
        assertThat(Durability.kafkaCopies(production)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void deadLetterTopicsKeepAParkedRecordThirtyDays(String overlay) {
        var manifest = Overlays.rendered(overlay);

        assertThat(Durability.deadLetterRetention(manifest)).isEmpty();
    }

    /** src/test/resources/restored-overlay: the restore that docs/deployment.md describes, done to orders-db. */
    @Test
    void databaseRestoredFromTheBackupsOfAnotherTakesItsPlaceForTheServiceAndIsBackedUpApart() {
        var restored = Manifest.render("restored orders-db",
                Repository.path("deployment-checks", "src", "test", "resources", "restored-overlay"));

        assertThat(restored.named("Cluster", "orders-db")).as("the original, deleted by hand once replaced").isEmpty();
        assertThat(KubernetesSchema.problems(restored.objects())).isEmpty();
        assertThat(ManifestAgreement.problems(restored)).as("the service, its Secret and NetworkPolicy follow").isEmpty();
        assertThat(Durability.synchronousStandbys(restored)).isEmpty();
        assertThat(Durability.backups(restored)).isEmpty();

        var spec = restored.named("Cluster", "orders-db-restored").orElseThrow().path("spec");
        var source = spec.path("bootstrap").path("recovery").path("source").asString("");
        var origin = StreamSupport.stream(spec.path("externalClusters").spliterator(), false)
                .filter(external -> source.equals(external.path("name").asString("")))
                .findFirst().orElseThrow();
        // barman's folder in the bucket is the serverName, the Cluster's own name unless set.
        var readsFrom = origin.path("barmanObjectStore").path("serverName").asString(source);
        var writesTo = spec.path("backup").path("barmanObjectStore").path("serverName").asString("orders-db-restored");
        assertThat(readsFrom).isEqualTo("orders-db");
        assertThat(writesTo).isNotEqualTo(readsFrom);
        assertThat(origin.path("barmanObjectStore").path("destinationPath").asString(""))
                .isEqualTo(spec.path("backup").path("barmanObjectStore").path("destinationPath").asString());
    }
}
