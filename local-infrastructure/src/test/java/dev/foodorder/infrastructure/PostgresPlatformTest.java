package dev.foodorder.infrastructure;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostgresPlatformTest {

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({
            "Mac OS X,   aarch64, postgres-darwin-arm_64.txz",
            "Mac OS X,   x86_64,  postgres-darwin-x86_64.txz",
            "Linux,      amd64,   postgres-linux-x86_64.txz",
            "Linux,      aarch64, postgres-linux-arm_64.txz",
            "Windows 10, amd64,   postgres-windows-x86_64.txz",
            "Windows 11, amd64,   postgres-windows-x86_64.txz"})
    void namesTheBinariesAsZonkyLooksThemUp(String osName, String osArch, String binaries) {
        assertThat(new PostgresPlatform(osName, osArch).binaries()).isEqualTo(binaries);
    }

    /** Fails when the pom excludes a platform's binaries again. */
    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({"Mac OS X, aarch64", "Mac OS X, x86_64", "Linux, amd64", "Linux, aarch64", "Windows 11, amd64"})
    void everyLaptopPlatformHasItsOwnBinariesOnTheClasspath(String osName, String osArch) {
        var platform = new PostgresPlatform(osName, osArch);

        assertThat(DefaultPostgresBinaryResolver.class.getClassLoader().getResource(platform.binaries()))
                .as(platform.binaries()).isNotNull();
        assertThatCode(platform::requireBinaries).doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({"FreeBSD, amd64", "Linux, i386"})
    void aPlatformWithoutBinariesFailsWithTheWayOut(String osName, String osArch) {
        assertThatThrownBy(new PostgresPlatform(osName, osArch)::requireBinaries)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No embedded PostgreSQL for %s on %s".formatted(osName, osArch))
                .hasMessageContaining("Linux and macOS on x86-64 and arm64, and for Windows on x86-64")
                .hasMessageContaining("set LOCAL_POSTGRES_URL")
                .hasMessageContaining("install Docker");
    }

    @Test
    void armWindowsRunsTheX86BinariesUnderEmulationAsZonkyDoes() {
        assertThatCode(new PostgresPlatform("Windows 11", "aarch64")::requireBinaries).doesNotThrowAnyException();
    }
}
