package io.ipvsdirector.kernel.probe;

import io.ipvsdirector.kernel.netlink.Errno;
import io.ipvsdirector.kernel.netlink.LibC;
import io.ipvsdirector.kernel.netlink.NativeLibc;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ProbeLoop} over one epoll instance: one thread waits on it for the registered sockets,
 * with the time to the next timer as the wait's timeout, then runs the due timers and the queued
 * tasks. Other threads' tasks wake it through an eventfd, written once per batch; the loop's own
 * tasks and timers cost no system call. Registrations carry a token, not the descriptor, so that an
 * event for a socket a cancel already closed (whose number the kernel may have reused) is ignored.
 */
final class EpollLoop implements ProbeLoop {
    private static final Logger LOG = LoggerFactory.getLogger(EpollLoop.class);
    private static final int EFD_NONBLOCK = 0x800;
    private static final int EPOLL_CTL_ADD = 1;
    static final int EPOLL_CTL_MOD = 3;
    static final int EPOLLIN = 0x1;
    static final int EPOLLOUT = 0x4;
    static final int EPOLLERR = 0x8;
    static final int EPOLLHUP = 0x10;
    private static final int EPOLLONESHOT = 1 << 30;
    private static final int EPOLLET = 1 << 31;
    /** struct epoll_event is packed on x86-64 (u32 events, u64 data), naturally aligned elsewhere. */
    private static final boolean PACKED = System.getProperty("os.arch").matches("amd64|x86_64");
    private static final int EVENT_SIZE = PACKED ? 12 : 16;
    private static final int DATA_OFFSET = PACKED ? 4 : 8;
    private static final int MAX_EVENTS = 256;
    /** The eventfd's token; sockets get 1 and up. */
    private static final long WAKE_TOKEN = 0;
    /** The longest wait without a timer due, so that a lost wake-up would cost at most this. */
    private static final int IDLE_WAIT_MILLIS = 1000;

    /** A socket registered under a token, told its events on the loop's thread. */
    interface Registration {
        /** The socket is ready ({@code events} as epoll_wait gave them). */
        void ready(int events, IoScratch scratch);

        /** The loop is closing: end the attempt, if it has not ended, with this failure. */
        void abandon(String failure);
    }

    /** The loop thread's buffers, reused for every event. */
    static final class IoScratch {
        final ByteBuffer error = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
        final ByteBuffer event = ByteBuffer.allocateDirect(16).order(ByteOrder.nativeOrder());
        final ByteBuffer data = ByteBuffer.allocateDirect(16 * 1024);
    }

    private static final class LoopTimer implements Timer, Comparable<LoopTimer> {
        final long due;
        /** Orders timers due at the same time as they were made; set on the loop's thread. */
        long sequence;
        volatile Runnable task;

        LoopTimer(long due, Runnable task) {
            this.due = due;
            this.task = task;
        }

        @Override
        public void cancel() {
            task = null; // left in the queue until due: cheaper than a removal from the heap's middle
        }

        @Override
        public int compareTo(LoopTimer other) {
            int byDue = Long.compare(due - other.due, 0);
            return byDue != 0 ? byDue : Long.compare(sequence, other.sequence);
        }
    }

    private final LibC c;
    private final int epfd;
    private final int wakeFd;
    private final Thread thread;
    private final Map<Long, Registration> registrations = new ConcurrentHashMap<>();
    private final AtomicLong tokens = new AtomicLong(WAKE_TOKEN);
    private final Queue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<Runnable> local = new ArrayDeque<>();
    private final PriorityQueue<LoopTimer> timers = new PriorityQueue<>();
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private final ByteBuffer wakeValue = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder());
    private long timerSequence;
    /** When the loop last woke; read and written on its thread only. */
    private long now = System.nanoTime();
    private volatile boolean closed;

    private EpollLoop(LibC c, int epfd, int wakeFd, String name) {
        this.c = c;
        this.epfd = epfd;
        this.wakeFd = wakeFd;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
    }

    /** Opens the epoll instance and the eventfd and starts the thread, named {@code name}. */
    static EpollLoop open(String name) throws IOException {
        LibC c = NativeLibc.libc();
        int epfd = c.epoll_create1(Sockets.SOCK_CLOEXEC);
        if (epfd < 0) {
            throw new IOException("cannot create an epoll instance: " + Sockets.describe(NativeLibc.errno()));
        }
        int wakeFd = c.eventfd(0, Sockets.SOCK_CLOEXEC | EFD_NONBLOCK);
        if (wakeFd < 0) {
            int errno = NativeLibc.errno();
            c.close(epfd);
            throw new IOException("cannot create an eventfd: " + Sockets.describe(errno));
        }
        EpollLoop loop = new EpollLoop(c, epfd, wakeFd, name);
        ByteBuffer event = ByteBuffer.allocateDirect(16).order(ByteOrder.nativeOrder());
        event.putInt(0, EPOLLIN).putLong(DATA_OFFSET, WAKE_TOKEN).limit(EVENT_SIZE);
        if (c.epoll_ctl(epfd, EPOLL_CTL_ADD, wakeFd, event) != 0) {
            int errno = NativeLibc.errno();
            c.close(wakeFd);
            c.close(epfd);
            throw new IOException("cannot watch the eventfd: " + Sockets.describe(errno));
        }
        loop.thread.start();
        return loop;
    }

    @Override
    public void execute(Runnable task) {
        if (Thread.currentThread() == thread) {
            local.add(task);
            return;
        }
        inbox.add(task);
        if (!wakePending.getAndSet(true)) {
            wakeValue.putLong(0, 1);
            c.write(wakeFd, wakeValue, 8);
        }
    }

    @Override
    public Timer schedule(long delayNanos, Runnable task) {
        // From a fresh clock read: the round's wake-up time could be a little old, and the timer early.
        return scheduleAt(System.nanoTime() + Math.max(0, delayNanos), task);
    }

    @Override
    public Timer scheduleAt(long dueNanos, Runnable task) {
        LoopTimer timer = new LoopTimer(dueNanos, task);
        if (Thread.currentThread() == thread) {
            add(timer);
        } else {
            execute(() -> add(timer));
        }
        return timer;
    }

    private void add(LoopTimer timer) {
        timer.sequence = timerSequence++;
        timers.add(timer);
    }

    @Override
    public long now() {
        return Thread.currentThread() == thread ? now : System.nanoTime();
    }

    @Override
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** A new token for a registration. */
    long token() {
        return tokens.incrementAndGet();
    }

    /** Registers ({@code add}) or re-arms {@code fd} under {@code token} for one event of {@code events}. */
    boolean arm(boolean add, int fd, long token, int events, ByteBuffer event) {
        return control(add ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, fd, token, events | EPOLLONESHOT, event);
    }

    /**
     * Registers {@code fd} under {@code token} for every change of readiness (edge-triggered reads
     * and writes) until it is closed: no re-arming between the steps of an exchange, so the reader
     * must read until a short read, and the writer write until EAGAIN, before it waits again.
     */
    boolean watch(int fd, long token, ByteBuffer event) {
        return control(EPOLL_CTL_ADD, fd, token, EPOLLIN | EPOLLOUT | EPOLLET, event);
    }

    private boolean control(int op, int fd, long token, int events, ByteBuffer event) {
        event.clear();
        event.putInt(0, events).putLong(DATA_OFFSET, token).limit(EVENT_SIZE);
        return c.epoll_ctl(epfd, op, fd, event) == 0;
    }

    void register(long token, Registration registration) {
        registrations.put(token, registration);
    }

    /** Drops a registration that has ended; false when a cancel or the close took it first. */
    boolean forget(long token, Registration registration) {
        return registrations.remove(token, registration);
    }

    boolean closed() {
        return closed;
    }

    LibC libc() {
        return c;
    }

    private void run() {
        ByteBuffer events = ByteBuffer.allocateDirect(EVENT_SIZE * MAX_EVENTS).order(ByteOrder.nativeOrder());
        IoScratch io = new IoScratch();
        try {
            while (!closed) {
                int n = c.epoll_wait(epfd, events, MAX_EVENTS, waitMillis());
                now = System.nanoTime(); // a round's clock read, renewed only for each timer it runs
                if (n < 0) {
                    int errno = NativeLibc.errno();
                    if (errno != Errno.EINTR.value()) {
                        LOG.warn("health: waiting on the probe sockets failed: {}", Sockets.describe(errno));
                    }
                    n = 0;
                }
                for (int i = 0; i < n; i++) {
                    long token = events.getLong(i * EVENT_SIZE + DATA_OFFSET);
                    if (token == WAKE_TOKEN) {
                        c.read(wakeFd, io.error.clear(), 8);
                        wakePending.set(false); // a task queued after this writes the eventfd again
                        continue;
                    }
                    Registration r = registrations.get(token);
                    if (r != null) {
                        r.ready(events.getInt(i * EVENT_SIZE), io);
                    }
                }
                runDueTimers();
                runTasks();
            }
        } finally {
            // Attempts still in flight end now, so that no probe waits for an outcome that cannot come.
            for (Registration r : registrations.values()) {
                r.abandon("the connector is closed");
            }
            c.close(wakeFd);
            c.close(epfd);
        }
    }

    /**
     * 0 with tasks queued, else until the next timer is due (rounded up), at most the idle wait. It
     * counts from the last clock read, not from a fresh one: the round's work since (well under a
     * millisecond) makes timers that much late, never early, and saves a clock read per round.
     */
    private int waitMillis() {
        if (!local.isEmpty() || !inbox.isEmpty()) {
            return 0;
        }
        LoopTimer next = timers.peek();
        if (next == null) {
            return IDLE_WAIT_MILLIS;
        }
        long nanos = next.due - now;
        return nanos <= 0 ? 0 : (int) Math.min(IDLE_WAIT_MILLIS, (nanos + 999_999) / 1_000_000);
    }

    /**
     * Runs the timers due at the wake-up. Each live one first reads the clock: a probe it starts
     * takes its start, and so its deadline, from it, and a round that starts hundreds of probes
     * (after a pause of the process, say) must not give the last ones a shorter timeout.
     */
    private void runDueTimers() {
        long wokeAt = now;
        LoopTimer next;
        while ((next = timers.peek()) != null && next.due - wokeAt <= 0) {
            timers.poll();
            Runnable task = next.task;
            if (task != null) {
                now = System.nanoTime();
                safely(task);
            }
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = inbox.poll()) != null) {
            safely(task);
        }
        // Tasks queued by these tasks run in this round too, before the next wait.
        while ((task = local.poll()) != null) {
            safely(task);
        }
    }

    private static void safely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("health: a probe task failed", e);
        }
    }

    /** Stops the loop; attempts in flight end as abandoned, and later tasks never run. */
    void close() {
        closed = true;
        execute(() -> { });
    }
}
