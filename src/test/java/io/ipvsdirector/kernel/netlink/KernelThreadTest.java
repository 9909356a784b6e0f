package io.ipvsdirector.kernel.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class KernelThreadTest {
    @Test
    void everyTaskRunsOnTheOneKernelThreadInOrder() throws Exception {
        try (KernelThread kernel = new KernelThread("kernel-test")) {
            StringBuilder order = new StringBuilder();
            CompletableFuture<String> a = kernel.submit(() -> {
                order.append('a');
                return Thread.currentThread().getName();
            });
            CompletableFuture<String> b = kernel.submit(() -> {
                order.append('b');
                return Thread.currentThread().getName();
            });
            assertEquals("kernel-test", a.get());
            assertEquals("kernel-test", b.get());
            assertEquals("ab", order.toString());
            assertTrue(kernel.call(kernel::isCurrent));
            assertFalse(kernel.isCurrent());
        }
    }

    @Test
    void callRethrowsTheTasksOwnException() {
        try (KernelThread kernel = new KernelThread("kernel-test")) {
            NetlinkException thrown = NetlinkException.of(Errno.EPERM.value(), "list IPVS services");
            NetlinkException e = assertThrows(NetlinkException.class, () -> kernel.call(() -> {
                throw thrown;
            }));
            assertSame(thrown, e);
            assertThrows(IllegalStateException.class, () -> kernel.call(() -> {
                throw new IllegalStateException("boom");
            }));
        }
    }

    @Test
    void aSubmittedTaskFailsItsFuture() {
        try (KernelThread kernel = new KernelThread("kernel-test")) {
            CompletableFuture<Object> f = kernel.submit(() -> {
                throw NetlinkException.of(Errno.EEXIST.value(), "-A -t 192.0.2.10:80 -s wlc");
            });
            ExecutionException e = assertThrows(ExecutionException.class, f::get);
            assertEquals(ObjectExistsException.class, e.getCause().getClass());
        }
    }

    @Test
    void aTaskMayCallTheKernelThreadAgainWithoutDeadlock() throws Exception {
        try (KernelThread kernel = new KernelThread("kernel-test")) {
            assertEquals(42, kernel.call(() -> kernel.call(() -> 42)));
        }
    }
}
