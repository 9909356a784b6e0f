package io.ipvsdirector.e2e;

import io.ipvsdirector.testkit.Setns;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One thread that has entered a network namespace (setns(2) changes only the calling thread's), so
 * that sockets made on it live there: servers and clients of many namespaces in the test's own JVM,
 * without a process each. Sockets keep their namespace whichever thread uses them afterwards.
 */
final class NetnsThread implements AutoCloseable {
    private final String ns;
    private final ExecutorService thread;

    NetnsThread(String ns) throws Exception {
        this.ns = ns;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "netns-" + ns);
            t.setDaemon(true);
            return t;
        });
        call(() -> {
            Setns.enter(ns);
            return null;
        });
    }

    /** Runs {@code task} inside the namespace and returns its result. */
    <T> T call(Callable<T> task) throws Exception {
        try {
            return thread.submit(task).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception x) {
                throw x;
            }
            throw e;
        }
    }

    String ns() {
        return ns;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
