package io.ipvsdirector.director;

import java.util.Arrays;

/** The latest {@code capacity} samples of a latency, in microseconds, for medians and percentiles. */
public final class LatencyRecorder {
    private final long[] samples;
    private int next;
    private long count;

    public LatencyRecorder(int capacity) {
        samples = new long[capacity];
    }

    public synchronized void record(long micros) {
        samples[next] = micros;
        next = (next + 1) % samples.length;
        count++;
    }

    /** Every sample ever recorded, including those the window has forgotten. */
    public synchronized long count() {
        return count;
    }

    /** The {@code p}-th percentile (0..100) of the samples kept, or -1 when there are none. */
    public long percentile(double p) {
        return percentile(p, samples.length);
    }

    /** The {@code p}-th percentile (0..100) of the {@code latest} samples recorded last, or -1 when none. */
    public synchronized long percentile(double p, int latest) {
        int n = (int) Math.min(Math.min(count, samples.length), latest);
        if (n == 0) {
            return -1;
        }
        long[] sorted = new long[n];
        for (int i = 0; i < n; i++) {
            sorted[i] = samples[Math.floorMod(next - 1 - i, samples.length)];
        }
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * n) - 1;
        return sorted[Math.max(0, Math.min(n - 1, index))];
    }
}
