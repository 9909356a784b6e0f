package io.ipvsdirector.health;

import io.vertx.core.Future;

/**
 * One kind of health check. A check never blocks the calling event loop, bounds every probe by the
 * target's timeout, and releases every socket, file descriptor and process a probe used before its
 * future completes, also when the probe times out.
 */
public interface Check {
    /** Probes once; the future always succeeds, a failed probe being a result that is not up. */
    Future<ProbeResult> probe(ProbeTarget target);

    /**
     * Whether probes of {@code target} run on the probe loop: started there, they stay on its thread
     * from the schedule to the verdict. Such a check's futures complete on the loop's thread.
     */
    default boolean onProbeLoop(ProbeTarget target) {
        return false;
    }
}
