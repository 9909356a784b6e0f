package io.ipvsdirector.health;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How late probes start against their schedule, as a histogram of 0.1 ms buckets up to 10 s. Cheap
 * enough to record every probe start; read by the benchmark and, later, by metrics.
 */
public final class ScheduleLateness {
    private static final int BUCKETS = 100_001;
    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    void record(long lateNanos) {
        int bucket = (int) Math.min(BUCKETS - 1, Math.max(0, lateNanos / 100_000));
        counts.incrementAndGet(bucket);
    }

    public long count() {
        long n = 0;
        for (int i = 0; i < BUCKETS; i++) {
            n += counts.get(i);
        }
        return n;
    }

    /** The lateness in milliseconds below which {@code fraction} of the probe starts fall (0.99 for p99). */
    public double percentileMillis(double fraction) {
        long total = count();
        long wanted = (long) Math.ceil(total * fraction);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= wanted && seen > 0) {
                return (i + 1) / 10.0;
            }
        }
        return 0;
    }

    public void reset() {
        for (int i = 0; i < BUCKETS; i++) {
            counts.set(i, 0);
        }
    }
}
