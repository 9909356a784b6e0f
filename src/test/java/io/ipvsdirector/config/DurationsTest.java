package io.ipvsdirector.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
    @ParameterizedTest
    @CsvSource({"250ms,250", "2s,2000", "5m,300000", "1h,3600000", "1m30s,90000", "0,0", "0s,0", "1500ms,1500"})
    void parses(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), Durations.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2", "2 s", "1.5s", "-1s", "s", "2sec", "", "1d"})
    void rejects(String text) {
        assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
    }

    @ParameterizedTest
    @CsvSource({"0,0s", "1500,1500ms", "2000,2s", "90000,90s", "300000,5m", "7200000,2h", "86400000,24h"})
    void formatsShortest(long millis, String text) {
        assertEquals(text, Durations.format(Duration.ofMillis(millis)));
    }

    @Test
    void roundTripsMillisecondDurations() {
        Random random = new Random(42);
        for (int i = 0; i < 10_000; i++) {
            Duration d = Duration.ofMillis(random.nextInt(100_000_000));
            assertEquals(d, Durations.parse(Durations.format(d)));
        }
    }
}
