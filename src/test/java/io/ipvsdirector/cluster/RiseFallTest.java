package io.ipvsdirector.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RiseFallTest {
    @Test
    void changesOnlyAfterEnoughResultsInARow() {
        RiseFall r = new RiseFall(2, 3, true);
        List<Boolean> changes = new ArrayList<>();
        for (boolean result : new boolean[] {false, false, true, false, false, false, true, false, true, true}) {
            changes.add(r.record(result));
        }
        assertEquals(List.of(false, false, false, false, false, true, false, false, false, true), changes);
        assertTrue(r.up());
    }

    @Test
    void aSingleLostResultMovesNothing() {
        RiseFall r = new RiseFall(2, 3, true);
        for (int i = 0; i < 100; i++) {
            assertFalse(r.record(i % 3 != 0));
        }
        assertTrue(r.up());
    }
}
