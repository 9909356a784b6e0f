package io.ipvsdirector.kernel.ipvs;

import io.ipvsdirector.kernel.netlink.KernelThread;
import io.ipvsdirector.kernel.netlink.ModuleLoader;
import io.ipvsdirector.kernel.netlink.NetlinkException;
import java.util.concurrent.CompletableFuture;

/**
 * The IPVS table, reached through the kernel thread. Every task runs there, one at a time, with the
 * one {@link IpvsTable} of the process: {@link #submit} for asynchronous callers (the daemon's event
 * loops), {@link #call} for the command line.
 */
public final class IpvsClient implements AutoCloseable {
    /** Work on the table, run on the kernel thread, failing with {@code E}. */
    @FunctionalInterface
    public interface Task<T, E extends Exception> {
        T run(IpvsTable table) throws E;
    }

    private final KernelThread thread;
    private final boolean ownsThread;
    private final NetlinkIpvsTable table;

    private IpvsClient(KernelThread thread, boolean ownsThread, NetlinkIpvsTable table) {
        this.thread = thread;
        this.ownsThread = ownsThread;
        this.table = table;
    }

    /** Opens the table on {@code thread}, which stays the caller's to close. */
    public static IpvsClient open(KernelThread thread, ModuleLoader modules) throws NetlinkException {
        return new IpvsClient(thread, false, thread.call(() -> NetlinkIpvsTable.open(modules)));
    }

    /** Opens the table on a kernel thread of its own, closed with the client (for one-shot commands). */
    public static IpvsClient open() throws NetlinkException {
        KernelThread thread = new KernelThread("kernel");
        try {
            return new IpvsClient(thread, true, thread.call(() -> NetlinkIpvsTable.open(ModuleLoader.modprobe())));
        } catch (NetlinkException | RuntimeException e) {
            thread.close();
            throw e;
        }
    }

    public <T> CompletableFuture<T> submit(Task<T, ?> task) {
        return thread.submit(() -> task.run(table));
    }

    public <T, E extends Exception> T call(Task<T, E> task) throws E {
        return thread.<T, E>call(() -> task.run(table));
    }

    @Override
    public void close() {
        try {
            thread.call(() -> {
                table.close();
                return null;
            });
        } finally {
            if (ownsThread) {
                thread.close();
            }
        }
    }
}
