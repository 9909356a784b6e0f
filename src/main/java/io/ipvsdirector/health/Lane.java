package io.ipvsdirector.health;

import io.ipvsdirector.kernel.probe.ProbeLoop;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Where a {@link ProbeRunner} runs: its tasks one at a time, in order, and its timers. tcp and plain
 * http probes run on the probe loop, whose thread also watches their sockets, so that a probe never
 * changes thread; the other checks, built on Vert.x clients, run on event-loop contexts.
 */
interface Lane {
    void execute(Runnable task);

    /** Runs {@code task} on the lane once {@link System#nanoTime()} has reached {@code dueNanos}, never early. */
    ProbeLoop.Timer scheduleAt(long dueNanos, Runnable task);

    /** The present as the lane's tasks should take it (see {@link ProbeLoop#now()}). */
    long now();

    static Lane of(ProbeLoop loop) {
        return new Lane() {
            @Override
            public void execute(Runnable task) {
                loop.execute(task);
            }

            @Override
            public ProbeLoop.Timer scheduleAt(long dueNanos, Runnable task) {
                return loop.scheduleAt(dueNanos, task);
            }

            @Override
            public long now() {
                return loop.now();
            }
        };
    }

    /** A Vert.x event-loop context; its timers are Vert.x timers, set from the context. */
    static Lane of(Vertx vertx, Context context) {
        return new Lane() {
            @Override
            public void execute(Runnable task) {
                context.runOnContext(v -> task.run());
            }

            @Override
            public ProbeLoop.Timer scheduleAt(long dueNanos, Runnable task) {
                // Vert.x timers take whole milliseconds: round up so that nothing runs early.
                long delayNanos = dueNanos - System.nanoTime();
                long id = vertx.setTimer(Math.max(1, (delayNanos + 999_999) / 1_000_000), t -> task.run());
                return () -> vertx.cancelTimer(id);
            }

            @Override
            public long now() {
                return System.nanoTime();
            }
        };
    }
}
