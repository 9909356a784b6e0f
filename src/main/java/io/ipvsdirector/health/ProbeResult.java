package io.ipvsdirector.health;

import java.time.Duration;
import java.util.Optional;

/**
 * The outcome of one probe.
 *
 * @param up      whether this probe counts as a success
 * @param reason  what an operator reads: "status 200", "connect refused", "timeout after 500ms reading body"
 * @param latency from the start of the probe to its outcome
 * @param weight  a weight the check itself decided (exec with dynamic, file), else empty
 * @param drain   the check asks for weight 0 while existing connections finish (file "drain")
 */
public record ProbeResult(boolean up, String reason, Duration latency, Optional<Integer> weight, boolean drain) {

    public static ProbeResult up(String reason, long startNanos) {
        return new ProbeResult(true, reason, since(startNanos), Optional.empty(), false);
    }

    public static ProbeResult upWithWeight(String reason, long startNanos, int weight) {
        return new ProbeResult(true, reason, since(startNanos), Optional.of(weight), false);
    }

    public static ProbeResult drain(String reason, long startNanos) {
        return new ProbeResult(true, reason, since(startNanos), Optional.empty(), true);
    }

    public static ProbeResult down(String reason, long startNanos) {
        return new ProbeResult(false, reason, since(startNanos), Optional.empty(), false);
    }

    /** A result whose end time the caller already has (a probe loop's wake-up), which saves a clock read. */
    public static ProbeResult of(boolean up, String reason, long startNanos, long endNanos) {
        return new ProbeResult(up, reason, Duration.ofNanos(Math.max(0, endNanos - startNanos)), Optional.empty(), false);
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(Math.max(0, System.nanoTime() - startNanos));
    }

    /** "12ms", "0.4ms": latency as the probe table and log lines print it. */
    public String latencyText() {
        long micros = latency.toNanos() / 1000;
        return micros < 10_000 ? String.format("%.1fms", micros / 1000.0) : (micros / 1000) + "ms";
    }
}
