package dev.foodorder.bench;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * How fast one core of this machine is, by a fixed piece of work timed before the load: SHA-256 over a
 * megabyte, as often as it fits in a few short windows, the best window counted (the first ones compile it).
 * Hosts that look alike are not: the same code settled 959 orders a second on one and 531 on another
 * (docs/performance.md, section 19), and a run's figures can only be set against runs on a host as fast.
 */
final class CpuCalibration {

    private static final int WINDOWS = 5;
    private static final long WINDOW_NANOS = 300_000_000L;
    private static final byte[] MEGABYTE = new byte[1 << 20];

    private CpuCalibration() {
    }

    /** Megabytes one thread hashes in a second. */
    static double singleCoreMBPerSecond() {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            double best = 0;
            for (var window = 0; window < WINDOWS; window++) {
                var start = System.nanoTime();
                long hashed = 0;
                while (System.nanoTime() - start < WINDOW_NANOS) {
                    digest.update(MEGABYTE);
                    hashed++;
                }
                best = Math.max(best, hashed / ((System.nanoTime() - start) / 1e9));
            }
            return best;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }
}
