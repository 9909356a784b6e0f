package io.ipvsdirector.kernel.probe;

import java.util.concurrent.Executor;

/**
 * The one thread the probe sockets are watched on, which also runs tasks and timers, so that a probe
 * whose schedule, socket and deadline all live here never changes thread: no wake-up of another
 * thread per probe, and one timer structure for all of them.
 */
public interface ProbeLoop extends Executor {
    /** A timer of the loop. */
    interface Timer {
        /** The task will not run, unless it already has or is running. Safe from any thread. */
        void cancel();
    }

    /** Runs {@code task} on the loop, after the tasks given before it. Safe from any thread. */
    @Override
    void execute(Runnable task);

    /** Runs {@code task} on the loop once {@code delayNanos} have passed (at millisecond precision, never early). */
    Timer schedule(long delayNanos, Runnable task);

    /** Runs {@code task} on the loop once {@link System#nanoTime()} has reached {@code dueNanos}, never early. */
    Timer scheduleAt(long dueNanos, Runnable task);

    /**
     * On the loop's thread, the {@link System#nanoTime()} at which it last woke, or at which the
     * timer now running was started: what its tasks, timers and socket events take as the present,
     * so that they need not read the clock again (a system call under some kernels, User-Mode Linux
     * among them); elsewhere, the clock itself.
     */
    long now();

    /** Whether the caller is the loop's thread. */
    boolean inLoop();
}
