package io.ipvsdirector.health;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Counts failed probe results that arrived well past their timeout, which only a starved director
 * produces, and says so in the log at most once every ten seconds instead of once per probe.
 */
final class LateResults {
    private static final long QUIET_NANOS = 10_000_000_000L;

    private final Logger log;
    private final AtomicLong total = new AtomicLong();
    private long sinceLastLine;
    private long lastLine = System.nanoTime() - QUIET_NANOS;

    LateResults(Logger log) {
        this.log = log;
    }

    synchronized void record(ProbeTarget target, ProbeResult result) {
        total.incrementAndGet();
        sinceLastLine++;
        long now = System.nanoTime();
        if (now - lastLine >= QUIET_NANOS) {
            log.warn("health: {} probe failure(s) not counted: they came long after their timeout, so the director "
                    + "was short of CPU (e.g. {} {} after {}ms)", sinceLastLine, target, result.reason(),
                    result.latency().toMillis());
            sinceLastLine = 0;
            lastLine = now;
        }
    }

    long total() {
        return total.get();
    }
}
