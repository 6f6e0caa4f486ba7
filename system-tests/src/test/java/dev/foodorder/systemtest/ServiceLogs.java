package dev.foodorder.systemtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the services wrote to their logs since a scenario's mark: the figures that no API shows. The
 * system under test logs them on purpose ({@link RunningSystem}'s DEBUG levels): the events a
 * consumer found it had handled before, and each notification the log channel delivered.
 */
final class ServiceLogs {

    /** EventBatches, at DEBUG, for a poll with events it had handled before. */
    private static final Pattern HANDLED_BEFORE = Pattern.compile("(\\d+) of \\d+ events were handled before");
    /** LogChannel, at DEBUG, for each notification it delivers: the customer's copy. */
    private static final Pattern DELIVERED = Pattern.compile("LogChannel\\s*:\\s*Notification (\\d+) to ");

    private final Path directory;
    private final String mark;

    ServiceLogs(Path directory, String mark) {
        this.directory = directory;
        this.mark = mark;
    }

    /** Records that came to a consumer again and were dropped as handled before, every service together. */
    int redeliveries() {
        return logFiles().stream().mapToInt(this::redeliveries).sum();
    }

    /** Records that came to the instance's consumers again and were dropped as handled before. */
    int redeliveries(String instance) {
        return redeliveries(directory.resolve(instance + ".log"));
    }

    private int redeliveries(Path log) {
        var count = new int[1];
        linesSinceMark(log, line -> {
            var matcher = HANDLED_BEFORE.matcher(line);
            if (matcher.find()) {
                count[0] += Integer.parseInt(matcher.group(1));
            }
        });
        return count[0];
    }

    /** How often the notification service delivered each notification, by its id. */
    Map<Long, Integer> deliveries() {
        var deliveries = new HashMap<Long, Integer>();
        linesSinceMark(directory.resolve(RunningSystem.NOTIFICATION + ".log"), line -> {
            var matcher = DELIVERED.matcher(line);
            if (matcher.find()) {
                deliveries.merge(Long.parseLong(matcher.group(1)), 1, Integer::sum);
            }
        });
        return deliveries;
    }

    private List<Path> logFiles() {
        try (var files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".log")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Hands on every line after the last one that holds the mark; none if the mark is not there. */
    private void linesSinceMark(Path log, Consumer<String> reader) {
        if (!Files.exists(log)) {
            return;
        }
        // Two passes: the mark is near the end of a long log, and the lines before it are not kept.
        int markLine = -1;
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            var index = 0;
            for (var line : (Iterable<String>) lines::iterator) {
                if (line.contains(mark)) {
                    markLine = index;
                }
                index++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (markLine < 0) {
            return;
        }
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            lines.skip(markLine + 1L).forEach(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
