package io.ipvsdirector.testkit;

import jnr.ffi.LibraryLoader;

/**
 * Moves the calling thread into a named network namespace (setns(2) changes only the calling
 * thread's), so that the sockets it opens afterwards live there, whichever thread uses them later.
 */
public final class Setns {
    private static final int O_RDONLY = 0;
    private static final int CLONE_NEWNET = 0x40000000;

    /** The libc calls needed. */
    public interface Libc {
        int open(String path, int flags);

        int setns(int fd, int nstype);

        int close(int fd);
    }

    private static final class Holder {
        static final Libc LIBC = LibraryLoader.create(Libc.class).load("c");
    }

    private Setns() {
    }

    /** Enters namespace {@code ns} (a name under /var/run/netns) on the calling thread. */
    public static void enter(String ns) {
        Libc libc = Holder.LIBC;
        int fd = libc.open("/var/run/netns/" + ns, O_RDONLY);
        if (fd < 0) {
            throw new IllegalStateException("cannot open /var/run/netns/" + ns);
        }
        try {
            if (libc.setns(fd, CLONE_NEWNET) != 0) {
                throw new IllegalStateException("setns into " + ns + " failed");
            }
        } finally {
            libc.close(fd);
        }
    }
}
