package dev.foodorder.infrastructure.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cache's bookkeeping, with the JVM's work (extracting, training) done by a stand-in that
 * writes the files the real commands would.
 */
class AotCacheOptionsTest {

    private static final String JAVA = "/jdk/bin/java";
    private static final List<String> C1 = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    private static final List<String> C2 = List.of("-Xmx256m", "-XX:+UseSerialGC");

    @TempDir
    Path target;

    private final FakeJvm jvm = new FakeJvm();

    @Test
    void aJdkOlderThan25StartsTheJarAsItIsAndSaysSoAtMostOnce() throws IOException {
        var jar = jar("service.jar", "v1");
        var log = new ArrayList<String>();

        var launch = new AotCache(jar, 21, jvm).launch(JAVA, C1, Map.of(), log::add);
        new AotCache(jar, 21, jvm).launch(JAVA, C1, Map.of(), log::add);

        assertThat(launch).containsExactly("-jar", jar.toString());
        assertThat(jvm.commands).isEmpty();
        assertThat(log).hasSizeLessThanOrEqualTo(1).allMatch(line -> line.contains("JDK 21 has no AOT cache"));
    }

    @Test
    void theFirstStartTrainsWithTheServicesOwnOptionsAndEnvironmentThenRunsFromTheCache() throws IOException {
        var jar = jar("service.jar", "v1");
        var environment = Map.of("SERVER_PORT", "8081");

        var launch = new AotCache(jar, 25, jvm).launch(JAVA, C1, environment, line -> { });

        var cache = new AotCache(jar, 25, jvm).cacheFor(C1, environment);
        var extracted = target.resolve("aot-cache/app/service.jar").toString();
        assertThat(jvm.commands).hasSize(2);
        assertThat(jvm.commands.get(0)).containsSubsequence(JAVA, "-Djarmode=tools", "-jar", jar.toString(), "extract");
        assertThat(jvm.commands.get(1)).startsWith(JAVA, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")
                .contains("-XX:AOTCacheOutput=" + cache, "-Dspring.context.exit=onRefresh").endsWith("-jar", extracted);
        assertThat(jvm.environments.get(1)).isEqualTo(environment);
        assertThat(launch).contains("-XX:AOTCache=" + cache).endsWith("-jar", extracted);
    }

    @Test
    void aSecondStartWithTheSameOptionsTrainsNothing() throws IOException {
        var jar = jar("service.jar", "v1");
        new AotCache(jar, 25, jvm).launch(JAVA, C1, Map.of(), line -> { });
        jvm.commands.clear();

        var launch = new AotCache(jar, 25, jvm).launch(JAVA, C1, Map.of(), line -> { });

        assertThat(jvm.commands).isEmpty();
        assertThat(launch).anyMatch(option -> option.startsWith("-XX:AOTCache="));
    }

    @Test
    void otherOptionsGetACacheOfTheirOwnForTheJvmRefusesOneTrainedWithOthers() throws IOException {
        var jar = jar("service.jar", "v1");
        var cache = new AotCache(jar, 25, jvm);
        cache.launch(JAVA, C1, Map.of(), line -> { });
        jvm.commands.clear();

        var launch = cache.launch(JAVA, C2, Map.of(), line -> { });

        assertThat(cache.cacheFor(C2, Map.of())).isNotEqualTo(cache.cacheFor(C1, Map.of()));
        assertThat(cache.cacheFor(C2, Map.of("_JAVA_OPTIONS", "-XX:+UseG1GC"))).isNotEqualTo(cache.cacheFor(C2, Map.of()));
        assertThat(jvm.commands).singleElement().satisfies(training -> assertThat(training)
                .contains("-XX:AOTCacheOutput=" + cache.cacheFor(C2, Map.of())).doesNotContain("-XX:TieredStopAtLevel=1"));
        assertThat(launch).contains("-XX:AOTCache=" + cache.cacheFor(C2, Map.of()));
        assertThat(cache.cacheFor(C1, Map.of())).exists();
    }

    @Test
    void aRebuiltJarWithOtherContentIsExtractedAndTrainedAgainThoughItsDateIsTheSame() throws IOException {
        var jar = jar("service.jar", "v1");
        var stamp = Files.getLastModifiedTime(jar);
        new AotCache(jar, 25, jvm).launch(JAVA, C1, Map.of(), line -> { });
        jvm.commands.clear();

        jar("service.jar", "v2");
        Files.setLastModifiedTime(jar, stamp);
        new AotCache(jar, 25, jvm).launch(JAVA, C1, Map.of(), line -> { });

        assertThat(jvm.commands).hasSize(2);
        assertThat(jvm.commands.get(0)).contains("extract");
        assertThat(jvm.commands.get(1)).anyMatch(option -> option.startsWith("-XX:AOTCacheOutput="));
    }

    @Test
    void aRebuiltJarWithTheSameContentKeepsItsCache() throws IOException {
        var jar = jar("service.jar", "v1");
        new AotCache(jar, 25, jvm).launch(JAVA, C1, Map.of(), line -> { });
        jvm.commands.clear();

        jar("service.jar", "v1");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(5)));
        new AotCache(jar, 25, jvm).launch(JAVA, C1, Map.of(), line -> { });

        assertThat(jvm.commands).isEmpty();
    }

    @Test
    void aFailedTrainingStartsTheJarAsItIsAndTrainsAgainNextTime() throws IOException {
        var jar = jar("service.jar", "v1");
        jvm.failTraining = true;
        var log = new ArrayList<String>();

        var launch = new AotCache(jar, 25, jvm).launch(JAVA, C1, Map.of(), log::add);
        jvm.failTraining = false;
        jvm.commands.clear();
        new AotCache(jar, 25, jvm).launch(JAVA, C1, Map.of(), line -> { });

        assertThat(launch).containsExactly("-jar", jar.toString());
        assertThat(log).anyMatch(line -> line.startsWith("No AOT cache"));
        assertThat(jvm.commands).singleElement().satisfies(training -> assertThat(training)
                .anyMatch(option -> option.startsWith("-XX:AOTCacheOutput=")));
    }

    /** A jar of one entry; the build stamps every entry with the same time, as a reproducible build does. */
    private Path jar(String name, String content) throws IOException {
        var jar = target.resolve(name);
        try (var out = new JarOutputStream(Files.newOutputStream(jar))) {
            var entry = new JarEntry("version.txt");
            entry.setTime(0);
            out.putNextEntry(entry);
            out.write(content.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }

    /** Writes what extraction and training would write, and remembers the commands. */
    private static final class FakeJvm implements AotCache.Commands {

        final List<List<String>> commands = new ArrayList<>();
        final List<Map<String, String>> environments = new ArrayList<>();
        boolean failTraining;

        @Override
        public void run(List<String> command, Map<String, String> environment, Consumer<String> log) throws IOException {
            commands.add(List.copyOf(command));
            environments.add(Map.copyOf(environment));
            if (command.contains("extract")) {
                var destination = Path.of(command.getLast());
                var jar = Path.of(command.get(command.indexOf("-jar") + 1));
                Files.createDirectories(destination);
                Files.copy(jar, destination.resolve(jar.getFileName()));
                return;
            }
            if (failTraining) {
                throw new IllegalStateException("training failed");
            }
            var output = command.stream().filter(option -> option.startsWith("-XX:AOTCacheOutput=")).findFirst().orElseThrow();
            Files.writeString(Path.of(output.substring(output.indexOf('=') + 1)), "cache");
        }
    }
}
