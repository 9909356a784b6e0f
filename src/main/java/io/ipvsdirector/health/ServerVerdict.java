package io.ipvsdirector.health;

import java.time.Duration;
import java.util.Optional;

/**
 * The current verdict of one (virtual server, real server) pair and what last decided it.
 *
 * @param decided false while a new target has not yet had rise successes or fall failures in a row
 * @param reason  the last probe's reason, or why there is none yet
 */
public record ServerVerdict(ProbeTarget probe, Verdict verdict, Optional<Integer> weight, boolean drain,
                            boolean decided, String reason, Duration latency) {
}
