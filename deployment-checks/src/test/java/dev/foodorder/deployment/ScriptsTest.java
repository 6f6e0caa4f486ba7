package dev.foodorder.deployment;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The launchers: ShellCheck finds nothing in the bash scripts, and run-local.cmd, the Windows
 * counterpart of run-local.sh, takes the same options and keeps the line endings cmd needs.
 */
class ScriptsTest {

    private static final Pattern OPTION = Pattern.compile("--[a-z][a-z-]*");

    @Test
    void shellcheckFindsNothingInTheShellScripts() {
        var scripts = ShellCheck.scripts();
        assertThat(scripts).contains(Path.of("run-local.sh"), Path.of("bench.sh"), Path.of("scripts", "java-env.sh"), Path.of(".ci", "run"));

        var result = ShellCheck.check(scripts);

        assertThat(result.exitCode())
                .withFailMessage("%s (in the repository's root) reported:%n%s", String.join(" ", result.command()), result.output())
                .isZero();
    }

    @Test
    void theWindowsLauncherHasTheWindowsLineEndingsCmdNeeds() {
        // With bare LF, cmd misreads labels and goto lands in the wrong place.
        var text = Repository.read(Repository.path("run-local.cmd"));

        assertThat(text.replace("\r\n", "")).as("run-local.cmd has a line that does not end in CRLF").doesNotContain("\n");
        assertThat(text).endsWith("\r\n");
    }

    @Test
    void theWindowsLauncherTakesTheOptionsOfTheBashOne() {
        var bash = options(Repository.read(Repository.path("run-local.sh")), "#   ./run-local.sh ");
        var cmd = options(Repository.read(Repository.path("run-local.cmd")), "rem   run-local.cmd ");

        assertThat(bash).contains("--fresh", "--second-inventory", "--no-build", "--help");
        assertThat(cmd).containsExactlyElementsOf(bash);
    }

    /** The options on the usage line in the script's header comment. */
    private static List<String> options(String script, String usagePrefix) {
        var usage = script.lines().filter(line -> line.startsWith(usagePrefix)).findFirst().orElseThrow(
                () -> new AssertionError("no usage line starting with '" + usagePrefix + "'"));
        return OPTION.matcher(usage).results().map(match -> match.group()).toList();
    }
}
