package io.ipvsdirector.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The runner's schedule and its refusal to count failures that only a starved director produces. */
class ProbeRunnerTest {
    private final Vertx vertx = Vertx.vertx();
    private final AtomicInteger results = new AtomicInteger();
    private final AtomicInteger late = new AtomicInteger();
    private final ProbeRunner.Listener listener = new ProbeRunner.Listener() {
        @Override
        public void onResult(ProbeRunner runner, ProbeResult result, Verdict previous, RiseFall.Step step) {
            results.incrementAndGet();
        }

        @Override
        public void onLate(ProbeRunner runner, ProbeResult result) {
            late.incrementAndGet();
        }
    };

    @AfterEach
    void stop() {
        vertx.close().await();
    }

    private ProbeRunner runner(Duration reportedLatency) {
        ProbeTarget target = Targets.of(8080, "{type: tcp, interval: 100ms, timeout: 100ms, initial: up, fall: 1}");
        Check failing = t -> Future.succeededFuture(
                new ProbeResult(false, "timeout after 100ms", reportedLatency, Optional.empty(), false));
        return new ProbeRunner(Lane.of(vertx, vertx.getOrCreateContext()), failing, target, java.util.List.of(), listener,
                new ScheduleLateness());
    }

    @Test
    void failureLongAfterTheTimeoutIsNotCounted() {
        ProbeRunner runner = runner(Duration.ofSeconds(2));
        runner.start();
        Poll.until(() -> late.get() >= 5, Duration.ofSeconds(10), "five late results");
        assertEquals(0, results.get());
        assertEquals(Verdict.UP, runner.snapshot().verdict(), "a starved director does not take servers down");
        runner.stop().await();
    }

    @Test
    void failureAtTheTimeoutIsCounted() {
        ProbeRunner runner = runner(Duration.ofMillis(110));
        runner.start();
        Poll.until(() -> runner.snapshot().verdict() == Verdict.DOWN, Duration.ofSeconds(10), "DOWN after fall = 1");
        assertEquals(0, late.get());
        assertTrue(results.get() >= 1);
        runner.stop().await();
    }
}
