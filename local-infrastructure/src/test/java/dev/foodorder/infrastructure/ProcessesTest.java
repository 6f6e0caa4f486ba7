package dev.foodorder.infrastructure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

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
    void whatAKilledProcessWroteLastCanStillBeReadToItsEnd() throws IOException {
        // Writes more than a pipe holds unread, then waits to be killed: the test reads only after the kill.
        var process = new ProcessBuilder("sh", "-c", "i=0; while [ $i -lt 2000 ]; do echo line $i; i=$((i+1)); done; sleep 60")
                .redirectErrorStream(true).start();
        try (var output = process.getInputStream()) {
            var first = new byte[5];
            assertThat(output.readNBytes(first, 0, first.length)).isEqualTo(5);

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
