package dev.foodorder.infrastructure;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;

import java.util.Locale;

/**
 * The platform named as zonky's {@link DefaultPostgresBinaryResolver} names it when it looks for the
 * PostgreSQL binaries on the classpath ({@code postgres-darwin-arm_64.txz} on a Mac with Apple silicon).
 * Checked before starting, so a platform without binaries gets a way out instead of zonky's bare
 * "Missing embedded postgres binaries".
 */
record PostgresPlatform(String osName, String osArch) {

    static PostgresPlatform current() {
        return new PostgresPlatform(System.getProperty("os.name"), System.getProperty("os.arch"));
    }

    /** As zonky's EmbeddedPostgres.getOS(), which matches the prefixes of commons-lang3's SystemUtils. */
    String system() {
        if (osName.startsWith("Windows")) {
            return "windows";
        }
        if (osName.startsWith("Mac OS X")) {
            return "darwin";
        }
        return osName.startsWith("Linux") || osName.startsWith("LINUX") ? "linux" : normalized(osName);
    }

    /** As zonky's ArchUtils.normalize, for the architectures that have binaries or that a JVM may report. */
    String architecture() {
        var arch = normalized(osArch);
        if (arch.matches("x8664|amd64|ia32e|em64t|x64")) {
            return "x86_64";
        }
        if (arch.matches("(aarch64|armv8|arm64).*")) {
            return "arm_64";
        }
        return arch.matches("x8632|x86|i[3-6]86|ia32|x32") ? "x86_32" : arch;
    }

    String binaries() {
        return binaries(architecture());
    }

    void requireBinaries() {
        if (isOnClasspath(binaries()) || runsX86Emulated()) {
            return;
        }
        throw new IllegalStateException("""
                No embedded PostgreSQL for %s on %s (no %s on the classpath): its binaries exist for Linux \
                and macOS on x86-64 and arm64, and for Windows on x86-64. Instead, for ./run-local.sh set \
                LOCAL_POSTGRES_URL (and LOCAL_POSTGRES_USER, LOCAL_POSTGRES_PASSWORD) to an existing \
                PostgreSQL; for the tests install Docker, and they use Testcontainers.""".formatted(
                osName, osArch, binaries()));
    }

    /** Zonky's fallback: an ARM Mac or Windows machine may run the x86-64 build under emulation. */
    private boolean runsX86Emulated() {
        return architecture().equals("arm_64") && !system().equals("linux") && isOnClasspath(binaries("x86_64"));
    }

    private String binaries(String architecture) {
        return "postgres-%s-%s.txz".formatted(system(), architecture);
    }

    private static boolean isOnClasspath(String resource) {
        // The class loader zonky searches.
        return DefaultPostgresBinaryResolver.class.getClassLoader().getResource(resource) != null;
    }

    private static String normalized(String value) {
        return value.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "");
    }
}
