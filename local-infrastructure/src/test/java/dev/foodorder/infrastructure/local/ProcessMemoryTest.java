package dev.foodorder.infrastructure.local;

import dev.foodorder.infrastructure.local.ProcessMemory.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ProcessMemoryTest {

    /** An excerpt of a real /proc/<pid>/status (Linux 6.x). */
    private static final String PROC_STATUS = """
            Name:\tjava
            Umask:\t0022
            State:\tS (sleeping)
            Pid:\t4242
            VmPeak:\t 4919340 kB
            VmSize:\t 4853804 kB
            VmHWM:\t  215668 kB
            VmRSS:\t  212992 kB
            RssAnon:\t  180224 kB
            Threads:\t40
            """;

    private static final long OWN_PID = ProcessHandle.current().pid();
    /** No system hands out this process id. */
    private static final long NO_SUCH_PID = Long.MAX_VALUE;

    @Test
    void readsVmRssInKibibytesFromProcStatus() {
        assertThat(ProcessMemory.parseProcStatus(PROC_STATUS)).hasValue(212_992);
    }

    @Test
    void aKernelThreadsStatusHasNoVmRssAndSoNoMemory() {
        assertThat(ProcessMemory.parseProcStatus("Name:\tkthreadd\nState:\tS (sleeping)\nPid:\t2\nThreads:\t1\n")).isEmpty();
    }

    @Test
    void readsTheOneNumberPsPrintsInKibibytes() {
        assertThat(ProcessMemory.parsePsRss("  212992\n")).hasValue(212_992);
    }

    @Test
    void psPrintingNothingForAnEndedProcessMeansUnknown() {
        assertThat(ProcessMemory.parsePsRss("")).isEmpty();
        assertThat(ProcessMemory.parsePsRss("ps: illegal option -- o\n")).isEmpty();
    }

    @Test
    void linuxReadsProcMacOsAndOtherUnixesAskPsAndWindowsCannotTell() {
        assertThat(Source.of("Linux")).isEqualTo(Source.PROC);
        assertThat(Source.of("Mac OS X")).isEqualTo(Source.PS);
        assertThat(Source.of("FreeBSD")).isEqualTo(Source.PS);
        assertThat(Source.of("Windows 11")).isEqualTo(Source.NONE);
    }

    @Test
    void unknownMemoryReadsAsNotAvailableRatherThanZero() {
        assertThat(ProcessMemory.describe(OptionalLong.empty())).isEqualTo("n/a");
        assertThat(ProcessMemory.describe(OptionalLong.of(0))).isEqualTo("0 MiB");
        assertThat(ProcessMemory.describe(OptionalLong.of(208))).isEqualTo("208 MiB");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void readsThisJvmsOwnMemoryFromProc() {
        assertThat(ProcessMemory.fromProc(OWN_PID).orElseThrow()).isPositive();
        assertThat(ProcessMemory.residentMiB(OWN_PID).orElseThrow()).isPositive();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void psAgreesWithProcOnThisJvm() {
        assumeTrue(onPath("ps"), "no ps on the PATH");
        var proc = ProcessMemory.fromProc(OWN_PID).orElseThrow();

        // The JVM's resident memory moves between the two reads, but not by half.
        assertThat(ProcessMemory.fromPs(OWN_PID).orElseThrow()).isBetween(proc / 2, proc * 2);
    }

    @Test
    void aProcessThatDoesNotExistHasNoKnownMemoryAndNothingFails() {
        assertThat(ProcessMemory.residentMiB(-1)).isEmpty();
        assertThat(ProcessMemory.residentMiB(NO_SUCH_PID)).isEmpty();
        assertThat(ProcessMemory.fromProc(NO_SUCH_PID)).isEmpty();
        assertThat(ProcessMemory.fromPs(NO_SUCH_PID)).isEmpty();
        assertThat(ProcessMemory.totalResidentMiB(LongStream.of(-1, NO_SUCH_PID))).isEmpty();
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void theTotalCountsTheProcessesThatCouldBeRead() {
        var own = ProcessMemory.residentMiB(OWN_PID).orElseThrow();

        assertThat(ProcessMemory.totalResidentMiB(LongStream.of(OWN_PID, NO_SUCH_PID)).orElseThrow()).isBetween(own / 2, own * 2);
    }

    private static boolean onPath(String command) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(directory -> Path.of(directory, command))
                .anyMatch(Files::isExecutable);
    }
}
