package dev.foodorder.infrastructure.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.LongStream;

/**
 * The resident memory of a process, as the local stack's {@code status} shows it: VmRSS from
 * {@code /proc/<pid>/status} on Linux, {@code ps -o rss= -p <pid>} on macOS and the other Unixes,
 * unknown on Windows. Windows has no {@code ps}, and the one Git Bash brings knows neither
 * {@code -o} nor Windows' process ids. Unknown is an answer, not a failure: the stack runs the same.
 */
final class ProcessMemory {

    /** How a system tells a process's resident memory. */
    enum Source {
        PROC, PS, NONE;

        /** @param osName the {@code os.name} system property */
        static Source of(String osName) {
            var name = osName.toLowerCase(Locale.ROOT);
            if (name.startsWith("linux")) {
                return PROC;
            }
            return name.startsWith("windows") ? NONE : PS;
        }
    }

    private static final Source SOURCE = Source.of(System.getProperty("os.name", ""));
    private static final Pattern VM_RSS = Pattern.compile("^VmRSS:\\s*(\\d+)\\s*kB\\s*$", Pattern.MULTILINE);
    private static final Pattern PS_RSS = Pattern.compile("\\A\\s*(\\d+)\\s*\\z");

    private ProcessMemory() {
    }

    /** The process's resident memory in MiB; empty if this system cannot tell or the process is gone. */
    static OptionalLong residentMiB(long pid) {
        if (pid <= 0) {
            return OptionalLong.empty();
        }
        var kib = switch (SOURCE) {
            case PROC -> fromProc(pid);
            case PS -> fromPs(pid);
            case NONE -> OptionalLong.empty();
        };
        return kib.isPresent() ? OptionalLong.of(kib.getAsLong() / 1024) : kib;
    }

    /** The sum over the processes that could be read; empty if none could. */
    static OptionalLong totalResidentMiB(LongStream pids) {
        var known = pids.mapToObj(ProcessMemory::residentMiB).filter(OptionalLong::isPresent)
                .mapToLong(OptionalLong::getAsLong).toArray();
        return known.length == 0 ? OptionalLong.empty() : OptionalLong.of(LongStream.of(known).sum());
    }

    /** "123 MiB", or "n/a" where unknown: a 0 would read as a measurement. */
    static String describe(OptionalLong mib) {
        return mib.isPresent() ? mib.getAsLong() + " MiB" : "n/a";
    }

    /** The VmRSS line of a {@code /proc/<pid>/status}, in KiB (the kernel's "kB" are 1024 bytes). */
    static OptionalLong parseProcStatus(String status) {
        var matcher = VM_RSS.matcher(status);
        return matcher.find() ? OptionalLong.of(Long.parseLong(matcher.group(1))) : OptionalLong.empty();
    }

    /** The output of {@code ps -o rss= -p <pid>}: one number in KiB, nothing if the process is gone. */
    static OptionalLong parsePsRss(String output) {
        var matcher = PS_RSS.matcher(output);
        return matcher.find() ? OptionalLong.of(Long.parseLong(matcher.group(1))) : OptionalLong.empty();
    }

    static OptionalLong fromProc(long pid) {
        try {
            // Latin-1 reads any byte: a process's name may be anything, and a malformed one must not hide its memory.
            return parseProcStatus(Files.readString(Path.of("/proc", String.valueOf(pid), "status"), StandardCharsets.ISO_8859_1));
        } catch (IOException | RuntimeException e) {
            // Gone meanwhile, or /proc hidden from this user (hidepid).
            return OptionalLong.empty();
        }
    }

    static OptionalLong fromPs(long pid) {
        try {
            var process = new ProcessBuilder("ps", "-o", "rss=", "-p", String.valueOf(pid))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            // One short line fits the pipe's buffer, so waiting before reading cannot block ps.
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return OptionalLong.empty();
            }
            var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return process.exitValue() == 0 ? parsePsRss(output) : OptionalLong.empty();
        } catch (IOException e) {
            // No ps on the PATH.
            return OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        }
    }
}
