package dev.foodorder.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OptionsTest {

    private static final Path ROOT = Path.of("/repo");

    @Test
    void runsAPrimingRampThenTheOpenStepsThenTheClosedOne() {
        var options = Options.parse(new String[]{"--rates", "100,250", "--clients", "16", "--duration", "30s"}, ROOT);

        assertThat(options.steps()).extracting(Step::name).containsExactly("prime", "open 100/s", "open 250/s", "closed 16 clients");
        assertThat(options.steps().get(1).duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.headlineRate()).isEqualTo(250);
        assertThat(options.output().getParent()).isEqualTo(ROOT.resolve("bench/results"));
    }

    @Test
    void passesSettingsToTheServicesOfItsOwnStackOnly() {
        var options = Options.parse(new String[]{"--service-env", "MESSAGING_OUTBOX_BATCH_SIZE=1000", "--prime", "0s",
                "--postgres-setting", "commit_delay=500", "--postgres-setting", "commit_siblings=1"}, ROOT);

        assertThat(options.serviceEnvironment()).containsEntry("MESSAGING_OUTBOX_BATCH_SIZE", "1000");
        assertThat(options.postgresSettings()).containsEntry("commit_delay", "500").containsEntry("commit_siblings", "1");
        assertThat(options.steps()).extracting(Step::name).doesNotContain("prime");
        assertThatThrownBy(() -> Options.parse(new String[]{"--running", "--profile"}, ROOT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("own stack");
        assertThatThrownBy(() -> Options.parse(new String[]{"--running", "--postgres-setting", "commit_delay=500"}, ROOT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("own stack");
        assertThatThrownBy(() -> Options.parse(new String[]{"--postgres-setting", "commit_delay"}, ROOT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("KEY=VALUE");
    }

    @Test
    void readsStatementStatisticsOnlyFromItsOwnStacksDatabase() {
        assertThat(Options.parse(new String[]{"--statements"}, ROOT).statements()).isTrue();
        assertThat(Options.parse(new String[]{}, ROOT).statements()).isFalse();
        assertThatThrownBy(() -> Options.parse(new String[]{"--running", "--statements"}, ROOT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("own stack");
    }

    @Test
    void leavesTheStackIdleForAMinuteAfterTheLoadUnlessToldNotTo() {
        var byDefault = Options.parse(new String[]{"--rates", "100"}, ROOT);
        var idle = Step.idle(byDefault.idle());

        assertThat(byDefault.idle()).isEqualTo(Duration.ofSeconds(60));
        assertThat(idle.isIdle()).isTrue();
        assertThat(idle.isOpen()).isFalse();
        assertThat(idle.orders()).isZero();
        assertThat(idle.warmup()).isEqualTo(Step.IDLE_SETTLING);
        assertThat(byDefault.steps()).noneMatch(Step::isIdle);
        assertThat(Options.parse(new String[]{"--rates", "100", "--idle", "0s"}, ROOT).idle()).isZero();
    }

    @Test
    void refusesWhatItDoesNotKnow() {
        assertThatThrownBy(() -> Options.parse(new String[]{"--rate", "100"}, ROOT)).hasMessageContaining("Unknown option --rate");
        assertThatThrownBy(() -> Options.parse(new String[]{"--rates", "0"}, ROOT)).hasMessageContaining("positive");
        assertThatThrownBy(() -> Options.parse(new String[]{"--rates", "", "--clients", "0"}, ROOT)).hasMessageContaining("Nothing to run");
    }
}
