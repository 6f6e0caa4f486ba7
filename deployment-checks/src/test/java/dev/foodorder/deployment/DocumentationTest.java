package dev.foodorder.deployment;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README and the documents under docs/: the README keeps its two commands and the section that explains the
 * second, CI runs that command, and no relative link leads nowhere (the documents cite benchmark runs, ADRs and
 * code by path, and a run deleted or a file moved would otherwise go unnoticed).
 */
class DocumentationTest {

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern FENCED = Pattern.compile("```.*?```", Pattern.DOTALL);
    private static final Pattern CI_COMMAND = Pattern.compile("(?m)^\\s*\\./mvnw( -\\S+)* verify\\s*$");

    @Test
    void theReadmeGivesTheDemoAndTheTestCommandAndCiRunsTheTestCommand() {
        var readme = Repository.read(Repository.path("README.md"));

        assertThat(readme).contains("./run-local.sh          # run the whole system", "./mvnw verify           # run every test");
        assertThat(readme).as("the section that says what ./mvnw verify runs").contains("\n## Running the tests\n");
        assertThat(Repository.read(Repository.path(".ci", "run"))).containsPattern(CI_COMMAND);
    }

    @Test
    void everyRelativeLinkOfTheDocumentationLeadsToAFile() {
        var broken = new ArrayList<String>();
        for (var document : documents()) {
            var text = FENCED.matcher(Repository.read(document)).replaceAll("");
            LINK.matcher(text).results().map(match -> match.group(1))
                    .filter(target -> !target.matches("^(https?:|mailto:|#).*"))
                    .map(target -> target.split("#", 2)[0])
                    .filter(target -> !Files.exists(document.getParent().resolve(target)))
                    .forEach(target -> broken.add(Repository.ROOT.relativize(document) + " -> " + target));
        }

        assertThat(broken).isEmpty();
    }

    private static List<Path> documents() {
        try (Stream<Path> docs = Files.walk(Repository.path("docs"))) {
            var documents = new ArrayList<>(List.of(Repository.path("README.md")));
            docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(documents::add);
            assertThat(documents).hasSizeGreaterThan(10);
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
