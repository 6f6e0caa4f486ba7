package dev.foodorder.deployment;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The Dockerfile builds what exists, the way the compose file asks, into a layered image without root. */
class DockerfileTest {

    static final List<String> SERVICES = ServiceModule.NAMES;

    private final Dockerfile dockerfile = Dockerfile.load();

    @Test
    void buildStageCopiesEveryModuleOfTheBuildAndNothingElse() {
        var copied = dockerfile.inStage(0, "COPY")
                .map(copy -> copy.arguments().split("\\s+")[0])
                .filter(source -> Files.exists(Repository.path(source, "pom.xml")))
                .toList();

        assertThat(copied).as("a module the root pom lists but the image lacks breaks the Maven reactor")
                .containsExactlyInAnyOrderElementsOf(Repository.modules());
    }

    @Test
    void buildStageBuildsEveryServiceWithTheMavenWrapper() {
        var build = dockerfile.inStage(0, "RUN").map(Dockerfile.Instruction::arguments)
                .filter(command -> command.contains("./mvnw")).findFirst().orElseThrow();

        var projects = Pattern.compile("-pl\\s+(\\S+)").matcher(build).results().map(match -> match.group(1)).findFirst().orElseThrow();

        assertThat(List.of(projects.split(","))).containsExactlyInAnyOrderElementsOf(SERVICES);
        assertThat(Repository.modules()).containsAll(SERVICES);
        assertThat(build).contains(" -am ", " package");
    }

    @Test
    void runtimeStageTakesTheJarThatTheBuildProducesAndSplitsItsLayers() {
        var jar = dockerfile.instructions("COPY").map(Dockerfile.Instruction::arguments)
                .filter(copy -> copy.startsWith("--from=build")).findFirst().orElseThrow();

        assertThat(jar).contains("/workspace/${SERVICE}/target/${SERVICE}.jar");
        assertThat(dockerfile.instructions("RUN").map(Dockerfile.Instruction::arguments))
                .anyMatch(run -> run.contains("-Djarmode=tools") && run.contains("extract --layers"));
        assertThat(ServiceModule.all()).allSatisfy(service -> assertThat(service.hasLayers()).as("%s is a layered jar", service.name()).isTrue());
    }

    @Test
    void imageRunsAsANumericUserWithoutPrivilegesAndChecksReadiness() {
        var runtime = dockerfile.lastStage();

        assertThat(dockerfile.inStage(runtime, "USER").map(Dockerfile.Instruction::arguments))
                .singleElement().satisfies(user -> assertThat(user).matches("[1-9][0-9]*(:[0-9]+)?"));
        assertThat(dockerfile.inStage(runtime, "ENV").map(Dockerfile.Instruction::arguments)).contains("SERVER_PORT=${SERVICE_PORT}");
        assertThat(ServiceModule.all()).allSatisfy(service -> assertThat(service.reads("SERVER_PORT")).isTrue());
    }

    /** The API's port serves no /actuator: the healthcheck asks the readiness group on the management port. */
    @Test
    void imageChecksReadinessOnTheManagementPortThatTheBuildArgumentSets() {
        var runtime = dockerfile.lastStage();

        assertThat(dockerfile.inStage(runtime, "ARG").map(Dockerfile.Instruction::arguments)).contains("SERVICE_PORT", "MANAGEMENT_PORT");
        assertThat(dockerfile.inStage(runtime, "ENV").map(Dockerfile.Instruction::arguments))
                .contains("MANAGEMENT_SERVER_PORT=${MANAGEMENT_PORT}");
        assertThat(dockerfile.inStage(runtime, "EXPOSE").flatMap(expose -> List.of(expose.arguments().split("\\s+")).stream()))
                .containsExactlyInAnyOrder("${SERVICE_PORT}", "${MANAGEMENT_PORT}");
        assertThat(dockerfile.inStage(runtime, "HEALTHCHECK").map(Dockerfile.Instruction::arguments))
                .singleElement().satisfies(check -> assertThat(check)
                        .contains(ManifestAgreement.READINESS, "/dev/tcp/127.0.0.1/${MANAGEMENT_SERVER_PORT}")
                        .doesNotContain("${SERVER_PORT}"));
        assertThat(ServiceModule.all()).allSatisfy(service -> assertThat(service.reads("MANAGEMENT_SERVER_PORT"))
                .as("%s reads MANAGEMENT_SERVER_PORT", service.name()).isTrue());
    }
}
