package io.ipvsdirector.director;

import sun.misc.Signal;

/**
 * POSIX signal handlers. Handling TERM and INT ourselves (instead of the JVM's shutdown hooks) lets the
 * daemon stop in order and exit 0, as systemd and operators expect from a clean stop.
 */
public final class Signals {
    private static final Object HANGUP_LOCK = new Object();
    private static boolean hangupPending;
    private static Runnable hangupAction;

    private Signals() {
    }

    /** Runs {@code action} on the JVM's signal thread whenever {@code name} ("HUP", "TERM", "INT") arrives. */
    public static void on(String name, Runnable action) {
        Signal.handle(new Signal(name), s -> action.run());
    }

    /**
     * Takes SIGHUP away from the JVM's default (which ends the process) as early as possible, and
     * remembers one that arrives before {@link #onHangup} says what to do with it. Called first
     * thing in main for the daemon.
     */
    public static void holdHangups() {
        Signal.handle(new Signal("HUP"), s -> hangup());
    }

    /**
     * From now on SIGHUP runs {@code action}; a SIGHUP held since {@link #holdHangups} (several
     * count as one) runs it once, now, on this thread.
     */
    public static void onHangup(Runnable action) {
        boolean pending;
        synchronized (HANGUP_LOCK) {
            hangupAction = action;
            pending = hangupPending;
            hangupPending = false;
        }
        Signal.handle(new Signal("HUP"), s -> hangup());
        if (pending) {
            action.run();
        }
    }

    private static void hangup() {
        Runnable action;
        synchronized (HANGUP_LOCK) {
            action = hangupAction;
            if (action == null) {
                hangupPending = true;
            }
        }
        if (action != null) {
            action.run();
        }
    }

    /** Whether a SIGHUP is held, waiting for {@link #onHangup}. */
    public static boolean hangupPending() {
        synchronized (HANGUP_LOCK) {
            return hangupPending;
        }
    }
}
