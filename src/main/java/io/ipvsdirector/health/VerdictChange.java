package io.ipvsdirector.health;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Published on the event bus at {@link #ADDRESS} each time a probe's verdict, weight or drain flag
 * changes: once per change, naming every (virtual server, real server) the probe decides for; and
 * once when a new probe's first decision confirms its initial verdict ({@code previous} equals
 * {@code verdict} then): from that moment the verdict is decided.
 * Delivered locally only (the object itself, no copy).
 *
 * @param weight a weight the check decided (exec dynamic, file), empty when the configured one applies
 * @param drain  weight 0 while existing connections finish (file "drain")
 */
public record VerdictChange(ProbeTarget probe, List<RealServerRef> servers, Verdict previous, Verdict verdict,
                            Optional<Integer> weight, boolean drain, String reason, Duration latency) {
    public static final String ADDRESS = "ipvs-director.health.verdict";

    public VerdictChange {
        servers = List.copyOf(servers);
    }

    /** "UP", "UP weight 7", "UP drain" or "DOWN". */
    public String verdictText() {
        return verdict + weight.map(w -> " weight " + w).orElse("") + (drain ? " drain" : "");
    }
}
