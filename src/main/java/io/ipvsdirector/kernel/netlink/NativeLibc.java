package io.ipvsdirector.kernel.netlink;

import jnr.ffi.LibraryLoader;

/**
 * The one jnr-ffi binding of libc in the process, shared by every kernel package (netlink and the
 * packet socket). Loading it generates native stubs and costs 0.4-1.2 s, so it happens once, on
 * first use, and never on a path that runs per request.
 */
public final class NativeLibc {
    private NativeLibc() {
    }

    private static final class Holder {
        static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
        static final jnr.ffi.Runtime RUNTIME = jnr.ffi.Runtime.getRuntime(LIBC);
    }

    public static LibC libc() {
        return Holder.LIBC;
    }

    /** The native address of a direct buffer's first byte. */
    static long address(java.nio.ByteBuffer direct) {
        return jnr.ffi.Pointer.wrap(Holder.RUNTIME, direct).address();
    }

    /** The calling thread's errno; read it straight after the failing call, before any other native call. */
    public static int errno() {
        return Holder.RUNTIME.getLastError();
    }
}
