package io.ipvsdirector.kernel.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The probe loop's tasks and timers: order, wake-ups from other threads, never early, cancel. */
class EpollLoopTest {
    private EpollLoop loop;

    @BeforeEach
    void open() throws IOException {
        loop = EpollLoop.open("test-probe-loop");
    }

    @AfterEach
    void close() {
        loop.close();
    }

    @Test
    void tasksFromOtherThreadsWakeTheLoopAndRunInOrderOnIt() throws InterruptedException {
        List<Integer> ran = new CopyOnWriteArrayList<>();
        AtomicBoolean allOnLoop = new AtomicBoolean(true);
        CountDownLatch done = new CountDownLatch(1000);
        for (int i = 0; i < 1000; i++) {
            int n = i;
            loop.execute(() -> {
                allOnLoop.compareAndSet(true, loop.inLoop());
                ran.add(n);
                done.countDown();
            });
        }
        // The loop sleeps up to its idle wait between tasks unless the eventfd wakes it.
        assertTrue(done.await(5, TimeUnit.SECONDS), "only " + (1000 - done.getCount()) + " tasks ran");
        assertTrue(allOnLoop.get());
        for (int i = 0; i < 1000; i++) {
            assertEquals(i, ran.get(i));
        }
        assertFalse(loop.inLoop());
    }

    @Test
    void aTaskQueuedAfterTheLoopFellAsleepStillRunsPromptly() throws InterruptedException {
        for (int round = 0; round < 20; round++) {
            CountDownLatch ran = new CountDownLatch(1);
            long queued = System.nanoTime();
            loop.execute(ran::countDown);
            assertTrue(ran.await(5, TimeUnit.SECONDS));
            long tookMillis = (System.nanoTime() - queued) / 1_000_000;
            // Well under the loop's 1 s idle wait: the eventfd woke it (a lost wake-up would show here).
            assertTrue(tookMillis < 900, "task waited " + tookMillis + " ms");
        }
    }

    @Test
    void timersRunInDueOrderAndNeverEarly() throws InterruptedException {
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(3);
        long[] early = {0};
        long start = System.nanoTime();
        loop.execute(() -> {
            for (long millis : new long[] {60, 20, 40}) {
                long due = start + millis * 1_000_000;
                loop.schedule(due - System.nanoTime(), () -> {
                    if (System.nanoTime() < due) {
                        early[0]++;
                    }
                    ran.add(millis + "ms");
                    done.countDown();
                });
            }
        });
        assertTrue(done.await(5, TimeUnit.SECONDS));
        assertEquals(List.of("20ms", "40ms", "60ms"), ran);
        assertEquals(0, early[0], "a timer ran before it was due");
    }

    @Test
    void aTimerReadsTheClockWhenItRunsNotWhenTheRoundWoke() throws InterruptedException {
        // Two timers due together: the first takes 50 ms, as a round that starts hundreds of probes
        // can. The second must not take the round's wake-up as its present, or a probe it started
        // would get a deadline 50 ms short.
        long[] seen = new long[2];
        CountDownLatch done = new CountDownLatch(2);
        long due = System.nanoTime() + 20_000_000;
        loop.scheduleAt(due, () -> {
            seen[0] = loop.now();
            long busyUntil = System.nanoTime() + 50_000_000;
            while (System.nanoTime() < busyUntil) {
                Thread.onSpinWait();
            }
            done.countDown();
        });
        loop.scheduleAt(due, () -> {
            seen[1] = loop.now();
            done.countDown();
        });
        assertTrue(done.await(5, TimeUnit.SECONDS));
        assertTrue(seen[0] >= due, "the first timer's present is before its due time");
        assertTrue(seen[1] - seen[0] >= 50_000_000, "the second timer took a stale present: "
                + (seen[1] - seen[0]) / 1_000_000 + " ms after the first's");
    }

    @Test
    void aCancelledTimerNeverRunsAndTimersSetFromOtherThreadsDo() throws InterruptedException {
        AtomicBoolean cancelledRan = new AtomicBoolean();
        CountDownLatch later = new CountDownLatch(1);
        ProbeLoop.Timer cancelled = loop.schedule(20_000_000, () -> cancelledRan.set(true));
        loop.schedule(60_000_000, later::countDown);
        cancelled.cancel();
        assertTrue(later.await(5, TimeUnit.SECONDS), "a timer set from another thread never ran");
        assertFalse(cancelledRan.get(), "a cancelled timer ran");
    }

    @Test
    void aFailingTaskDoesNotStopTheLoop() throws InterruptedException {
        CountDownLatch after = new CountDownLatch(1);
        loop.execute(() -> {
            throw new IllegalStateException("a task's bug");
        });
        loop.execute(after::countDown);
        assertTrue(after.await(5, TimeUnit.SECONDS));
    }
}
