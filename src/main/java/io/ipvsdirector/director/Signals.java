package io.ipvsdirector.director;

import sun.misc.Signal;

/**
 * POSIX signal handlers. Handling TERM and INT ourselves (instead of the JVM's shutdown hooks) lets the
 * daemon stop in order and exit 0, as systemd and operators expect from a clean stop.
 */
public final class Signals {
    private Signals() {
    }

    /** Runs {@code action} on the JVM's signal thread whenever {@code name} ("HUP", "TERM", "INT") arrives. */
    public static void on(String name, Runnable action) {
        Signal.handle(new Signal(name), s -> action.run());
    }
}
