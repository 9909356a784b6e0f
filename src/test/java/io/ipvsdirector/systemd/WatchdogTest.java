package io.ipvsdirector.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The watchdog is petted while every watched part answers, and no longer once one is stuck. */
class WatchdogTest {
    private static final long MS = 1_000_000;

    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final ServiceManager manager = new ServiceManager() {
        @Override
        public void send(String message) {
            sent.add(message);
        }

        @Override
        public Optional<Duration> watchdog() {
            return Optional.of(Duration.ofMillis(400));
        }
    };

    @Test
    void outsideSystemdNoWatchdogRuns() {
        assertEquals(Optional.empty(), Watchdog.start(ServiceManager.NONE));
    }

    @Test
    void aStuckPartStopsThePettingUntilItAnswers() {
        AtomicLong now = new AtomicLong(0);
        CompletableFuture<Void> kernel = new CompletableFuture<>();
        Watchdog w = new Watchdog(manager, Duration.ofMillis(400), now::get);
        w.tick();
        assertEquals(1, sent.size(), "before anything is watched (the start), the JVM's liveness is enough");

        w.watch("the loop", () -> CompletableFuture.completedFuture(null));
        w.watch("the kernel thread", () -> kernel);
        now.set(100 * MS);
        w.tick();
        assertEquals(2, sent.size(), "both fresh: counted as answered when first watched");

        now.set(250 * MS);
        w.tick();
        assertEquals(2, sent.size(), "the kernel thread has not answered for more than half the interval");
        now.set(350 * MS);
        w.tick();
        assertEquals(2, sent.size());

        kernel.complete(null);
        now.set(400 * MS);
        w.tick();
        assertEquals(3, sent.size(), "petted again once it answers");
        assertEquals(List.of("WATCHDOG=1"), sent.stream().distinct().toList());
    }
}
