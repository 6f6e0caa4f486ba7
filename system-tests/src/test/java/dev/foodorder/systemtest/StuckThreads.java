package dev.foodorder.systemtest;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a thread dump ({@code jcmd <pid> Thread.dump_to_file}, platform and virtual threads) for the
 * threads that wait on a socket read inside a client library: where a service that does not recover
 * is stuck, and since the dump names each thread, which of its jobs is.
 */
final class StuckThreads {

    /** pgjdbc reading a server's answer. */
    static final String POSTGRESQL = "org.postgresql.core.VisibleBufferedInputStream";

    private StuckThreads() {
    }

    /**
     * The names of the threads whose stack holds a socket read under the given frame, each with the first
     * frame of the service's own code or of the framework that called the library.
     */
    static List<String> readingFrom(String dump, String libraryFrame) {
        var stuck = new ArrayList<String>();
        for (var block : dump.split("\\R\\s*\\R")) {
            if (!block.contains(libraryFrame) || !(block.contains("NioSocketImpl") || block.contains("SocketInputStream"))) {
                continue;
            }
            var lines = block.strip().lines().toList();
            var header = lines.getFirst();
            var name = header.contains("\"") ? header.substring(header.indexOf('"') + 1, header.lastIndexOf('"')) : header;
            var caller = lines.stream().map(String::strip)
                    .filter(line -> line.contains("dev.foodorder.") || line.contains("org.springframework.kafka.") || line.contains("com.zaxxer."))
                    .findFirst().map(line -> line.replaceFirst("^at ", "")).orElse("?");
            stuck.add(name + " (" + caller + ")");
        }
        return stuck;
    }
}
