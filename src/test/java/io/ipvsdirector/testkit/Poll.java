package io.ipvsdirector.testkit;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Polls a condition until it holds or a deadline passes: the one way tests wait for the outside world. */
public final class Poll {
    private static final long PAUSE_MILLIS = 20;

    private Poll() {
    }

    /** Waits until {@code condition} is true; fails naming {@code what} after {@code timeout}. */
    public static void until(String what, Duration timeout, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for: " + what);
            }
            // A pause between two looks, not a guess at how long something takes.
            Thread.sleep(PAUSE_MILLIS);
        }
    }
}
