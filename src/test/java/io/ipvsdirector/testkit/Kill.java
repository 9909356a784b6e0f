package io.ipvsdirector.testkit;

import jnr.ffi.LibraryLoader;

/** kill(2) without forking kill(1), so a benchmark knows to the microsecond when a fault began. */
public final class Kill {
    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;
    public static final int SIGCONT = 18;
    public static final int SIGSTOP = 19;

    /** The one libc call needed. */
    public interface Libc {
        int kill(int pid, int signal);
    }

    private static final Libc LIBC = LibraryLoader.create(Libc.class).load("c");

    private Kill() {
    }

    /** Signals process {@code pid}; a negative pid signals its whole process group. */
    public static void signal(long pid, int signal) {
        if (LIBC.kill((int) pid, signal) != 0) {
            throw new IllegalStateException("kill(" + pid + ", " + signal + ") failed");
        }
    }
}
