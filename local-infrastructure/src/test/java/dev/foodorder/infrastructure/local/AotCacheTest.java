package dev.foodorder.infrastructure.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AotCacheTest {

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @Test
    void aJarThatCannotBeExtractedStartsAsItIs(@TempDir Path target) throws IOException {
        var jar = Files.writeString(target.resolve("service.jar"), "not a jar");
        var log = new ArrayList<String>();

        var launch = new AotCache(jar).launch(JAVA, List.of("-Xmx64m"), Map.of(), log::add);

        assertThat(launch).containsExactly("-jar", jar.toString());
        if (AotCache.supported()) {
            assertThat(log).anyMatch(line -> line.startsWith("No AOT cache"));
            assertThat(target.resolve("aot-cache").resolve("app.sha256")).doesNotExist();
        }
    }
}
