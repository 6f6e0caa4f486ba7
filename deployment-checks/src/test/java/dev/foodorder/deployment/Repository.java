package dev.foodorder.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The files being checked, found from this module's directory (Maven runs the tests there). */
final class Repository {

    static final Path ROOT = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();

    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Pattern VERSION = Pattern.compile(
            "<artifactId>food-ordering-eda</artifactId>\\s*<version>([^<]+)</version>");

    private Repository() {
    }

    static Path path(String first, String... more) {
        return ROOT.resolve(Path.of(first, more));
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The modules of the root build, in its order. */
    static List<String> modules() {
        return MODULE.matcher(read(path("pom.xml"))).results().map(match -> match.group(1)).toList();
    }

    static String version() {
        Matcher version = VERSION.matcher(read(path("pom.xml")));
        if (!version.find()) {
            throw new IllegalStateException("no project version in the root pom.xml");
        }
        return version.group(1);
    }
}
