package dev.foodorder.infrastructure;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Ending the child processes a stack starts (Kafka, the services, Zipkin): one way, whichever the process. */
public final class Processes {

    private Processes() {
    }

    /**
     * Asks the process to stop (SIGTERM; on Windows the JDK can only end it at once) and waits up to
     * {@code grace}; a process still running then is killed, and waited for up to {@code afterKill}, so
     * that its ports are free when this returns. An interrupted caller kills it at once and stays interrupted.
     */
    public static void stop(Process process, Duration grace, Duration afterKill) {
        // Through its handle: Process.destroy() also closes the pipe of its output, and whatever it wrote last
        // and was not read yet (its last log lines, its shutdown) would be lost.
        process.toHandle().destroy();
        if (!waitFor(process, grace)) {
            kill(process, afterKill);
        }
    }

    /**
     * Kills the process at once (SIGKILL), as a crash would, and waits up to {@code timeout} for it to be
     * gone. What it wrote before it died can still be read to its end.
     */
    public static void kill(Process process, Duration timeout) {
        process.toHandle().destroyForcibly();
        waitFor(process, timeout);
    }

    /**
     * Freezes the process (SIGSTOP) until {@link #resume}: it runs nothing, so it neither works nor
     * answers nor commits, and what it did so far can be looked at from outside while it stands still.
     * POSIX only: Windows has no such signal.
     */
    public static void suspend(Process process) {
        signal(process, "STOP");
    }

    /** Lets a {@link #suspend suspended} process run on (SIGCONT). */
    public static void resume(Process process) {
        signal(process, "CONT");
    }

    private static void signal(Process process, String signal) {
        if (System.getProperty("os.name", "").startsWith("Windows")) {
            throw new UnsupportedOperationException("SIG" + signal + " does not exist on Windows");
        }
        Signaller.INSTANCE.send(signal, process.pid());
    }

    /**
     * One shell kept running for the signals: its built-in {@code kill} sends one within a fraction of a
     * millisecond, where starting {@code /bin/kill} takes tens of milliseconds, in which a process that
     * should stand still at a given point of its work has long moved on. The JDK itself can send only
     * SIGTERM and SIGKILL.
     */
    private static final class Signaller {

        static final Signaller INSTANCE = new Signaller();

        private Process shell;
        private BufferedWriter commands;
        private BufferedReader answers;

        synchronized void send(String signal, long pid) {
            try {
                if (shell == null || !shell.isAlive()) {
                    shell = new ProcessBuilder("sh").redirectErrorStream(true).start();
                    commands = new BufferedWriter(new OutputStreamWriter(shell.getOutputStream(), StandardCharsets.UTF_8));
                    answers = new BufferedReader(new InputStreamReader(shell.getInputStream(), StandardCharsets.UTF_8));
                    // A daemon thread's JVM may end without a word to the shell: it ends with its input.
                    Runtime.getRuntime().addShutdownHook(new Thread(shell::destroy, "signaller-shutdown"));
                }
                commands.write("kill -%s %d && echo sent || echo failed%n".formatted(signal, pid));
                commands.flush();
                String answer;
                var said = new StringBuilder();
                while ((answer = answers.readLine()) != null && !answer.equals("sent") && !answer.equals("failed")) {
                    said.append(answer).append(' ');
                }
                if (!"sent".equals(answer)) {
                    throw new IllegalStateException("kill -%s %d failed: %s".formatted(signal, pid, said.toString().strip()));
                }
            } catch (IOException e) {
                shell = null;
                throw new UncheckedIOException("Cannot send SIG" + signal + " to " + pid, e);
            }
        }
    }

    private static boolean waitFor(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
