package io.ipvsdirector.kernel.netlink;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The one thread that talks to the kernel. Every netlink request of the process runs here, one at
 * a time, so kernel writes are serialised without locks and never run on a Vert.x event loop.
 * Callers on an event loop take the {@link CompletableFuture} of {@link #submit} (wrap it with
 * {@code Future.fromCompletionStage(future, context)}); the command line blocks with {@link #call}.
 */
public final class KernelThread implements AutoCloseable {
    /** Work for the kernel thread, failing with {@code E}. */
    @FunctionalInterface
    public interface Task<T, E extends Exception> {
        T run() throws E;
    }

    private final ExecutorService executor;
    private volatile Thread thread;

    public KernelThread(String name) {
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            thread = t;
            return t;
        });
    }

    /** Runs {@code task} on the kernel thread; the future fails with the task's exception. */
    public <T> CompletableFuture<T> submit(Task<T, ?> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                result.complete(task.run());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result;
    }

    /** Runs {@code task} on the kernel thread and waits for it; its exception is rethrown as is. */
    public <T, E extends Exception> T call(Task<T, E> task) throws E {
        if (isCurrent()) {
            return task.run();
        }
        try {
            return submit(task).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for the kernel thread");
        } catch (ExecutionException e) {
            throw KernelThread.<E>unwrap(e.getCause());
        }
    }

    /** The task's own exception; unchecked ones are thrown from here. */
    @SuppressWarnings("unchecked")
    private static <E extends Exception> E unwrap(Throwable cause) {
        if (cause instanceof RuntimeException e) {
            throw e;
        }
        if (cause instanceof Error e) {
            throw e;
        }
        return (E) cause;
    }

    public boolean isCurrent() {
        return Thread.currentThread() == thread;
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
