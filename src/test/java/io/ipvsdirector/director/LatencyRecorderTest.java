package io.ipvsdirector.director;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LatencyRecorderTest {
    @Test
    void emptyRecorderHasNoPercentile() {
        assertEquals(-1, new LatencyRecorder(4).percentile(50));
    }

    @Test
    void keepsOnlyTheLatestSamplesOnceFull() {
        LatencyRecorder r = new LatencyRecorder(4);
        for (long v = 1; v <= 6; v++) {
            r.record(v * 10);
        }
        // 10 and 20 were forgotten; 30, 40, 50, 60 remain.
        assertEquals(6, r.count());
        assertEquals(40, r.percentile(50));
        assertEquals(60, r.percentile(99));
        assertEquals(30, r.percentile(0));
    }

    @Test
    void percentileOfTheLatestOnly() {
        LatencyRecorder r = new LatencyRecorder(8);
        r.record(1000);
        r.record(1000);
        r.record(5);
        r.record(7);
        assertEquals(7, r.percentile(99, 2));
        assertEquals(5, r.percentile(50, 2));
        assertEquals(1000, r.percentile(99));
    }
}
