package dev.foodorder.infrastructure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ProcessesTest {

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "Windows has no SIGSTOP")
    void aSuspendedProcessStandsStillUntilResumedAndCanStillBeKilled() throws IOException, InterruptedException {
        var process = new ProcessBuilder("sleep", "60").start();
        try {
            Processes.suspend(process);
            assertThat(state(process)).as("ps state of a suspended process").startsWith("T");

            Processes.resume(process);
            assertThat(state(process)).as("ps state of a resumed process").doesNotStartWith("T");

            Processes.suspend(process);
            Processes.kill(process, Duration.ofSeconds(10));
            assertThat(process.isAlive()).as("killed while suspended").isFalse();
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "no sh")
    void whatAKilledProcessWroteLastCanStillBeReadToItsEnd(@TempDir Path directory) throws IOException {
        // Writes its lines, says so with a file, then waits to be killed: the test reads only after the kill.
        var written = directory.resolve("written");
        var process = new ProcessBuilder("sh", "-c",
                "i=0; while [ $i -lt 2000 ]; do echo line $i; i=$((i+1)); done; touch \"$0\"; sleep 60", written.toString())
                .redirectErrorStream(true).start();
        try (var output = process.getInputStream()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(written));

            Processes.kill(process, Duration.ofSeconds(10));

            var rest = new String(output.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(rest).contains("line 1999");
        } finally {
            process.destroyForcibly();
        }
    }

    /** The process's state as ps shows it: S sleeping, T stopped by a signal. */
    private static String state(Process process) throws IOException, InterruptedException {
        var ps = new ProcessBuilder("ps", "-o", "state=", "-p", Long.toString(process.pid())).start();
        var state = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        ps.waitFor();
        return state;
    }
}
