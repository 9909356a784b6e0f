package io.ipvsdirector.kernel.probe;

import io.ipvsdirector.kernel.netlink.Errno;
import io.ipvsdirector.kernel.netlink.LibC;
import io.ipvsdirector.kernel.netlink.NativeLibc;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import jnr.ffi.byref.IntByReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link TcpConnector} over one epoll instance and one thread that waits on it. A connect is
 * socket, the path's options, connect (EINPROGRESS) and an EPOLLOUT|EPOLLONESHOT registration on
 * the caller's thread; when the socket becomes writable the waiting thread reads SO_ERROR, closes
 * the socket and reports. An exchange ({@link EpollExchange}) goes on from there on the same
 * thread: it sends its request and reads the answer, re-armed one event at a time.
 * Registrations carry a token, not the descriptor, so that an event for a socket a cancel already
 * closed (whose number the kernel may have reused) is ignored.
 */
public final class EpollTcpConnector implements TcpConnector {
    private static final Logger LOG = LoggerFactory.getLogger(EpollTcpConnector.class);
    private static final int SOCK_STREAM = 1;
    private static final int EPOLL_CTL_ADD = 1;
    static final int EPOLL_CTL_MOD = 3;
    static final int EPOLLIN = 0x1;
    static final int EPOLLOUT = 0x4;
    static final int EPOLLERR = 0x8;
    private static final int EPOLLONESHOT = 1 << 30;
    /** struct epoll_event is packed on x86-64 (u32 events, u64 data), naturally aligned elsewhere. */
    private static final boolean PACKED = System.getProperty("os.arch").matches("amd64|x86_64");
    private static final int EVENT_SIZE = PACKED ? 12 : 16;
    private static final int DATA_OFFSET = PACKED ? 4 : 8;
    private static final int MAX_EVENTS = 256;

    /** Per-thread scratch space for the calls made on the callers' threads. */
    private static final class Scratch {
        final ByteBuffer address = Sockets.addressBuffer();
        final ByteBuffer options = Sockets.addressBuffer();
        final ByteBuffer event = ByteBuffer.allocateDirect(16).order(ByteOrder.nativeOrder());
        /** What an exchange cancelled at its deadline reads of an answer that has already arrived. */
        final ByteBuffer data = ByteBuffer.allocateDirect(4096);
    }

    /** A socket registered with the epoll instance under a token, told its events on the waiting thread. */
    interface Registration {
        /** The socket is ready ({@code events} as epoll_wait gave them). */
        void ready(int events, IoScratch scratch);

        /** The connector is closing: end the attempt, if it has not ended, with this failure. */
        void abandon(String failure);
    }

    /** The waiting thread's buffers, reused for every event. */
    static final class IoScratch {
        final ByteBuffer error = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
        final ByteBuffer event = ByteBuffer.allocateDirect(16).order(ByteOrder.nativeOrder());
        final ByteBuffer data = ByteBuffer.allocateDirect(16 * 1024);
    }

    private final class Pending implements Attempt, Registration {
        final long token;
        final int fd;
        final Consumer<Outcome> done;

        Pending(long token, int fd, Consumer<Outcome> done) {
            this.token = token;
            this.fd = fd;
            this.done = done;
        }

        @Override
        public boolean cancel() {
            if (inFlight.remove(token, this)) {
                c.close(fd);
                return true;
            }
            return false;
        }

        @Override
        public void ready(int events, IoScratch scratch) {
            if (inFlight.remove(token, this)) {
                done.accept(finish(fd, scratch.error));
            }
        }

        @Override
        public void abandon(String failure) {
            if (cancel()) {
                done.accept(new Outcome(false, failure));
            }
        }
    }

    private static final Attempt FINISHED = () -> false;

    private final LibC c;
    private final int epfd;
    private final Map<Long, Registration> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong tokens = new AtomicLong();
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);
    private final Thread waiter;
    private volatile boolean closed;

    private EpollTcpConnector(LibC c, int epfd) {
        this.c = c;
        this.epfd = epfd;
        this.waiter = new Thread(this::waitForEvents, "health-tcp-connect");
        waiter.setDaemon(true);
    }

    public static EpollTcpConnector open() throws IOException {
        LibC c = NativeLibc.libc();
        int epfd = c.epoll_create1(Sockets.SOCK_CLOEXEC);
        if (epfd < 0) {
            throw new IOException("cannot create an epoll instance: " + Sockets.describe(NativeLibc.errno()));
        }
        EpollTcpConnector connector = new EpollTcpConnector(c, epfd);
        connector.waiter.start();
        return connector;
    }

    @Override
    public Attempt connect(SocketPath path, InetAddress address, int port, Consumer<Outcome> done) {
        int fd = open(path, address, port, failure -> done.accept(new Outcome(false, failure)));
        if (fd < 0) {
            return FINISHED;
        }
        Pending pending = new Pending(tokens.incrementAndGet(), fd, done);
        inFlight.put(pending.token, pending);
        if (!arm(EPOLL_CTL_ADD, fd, pending.token, EPOLLOUT, scratch.get().event)) {
            String failure = "epoll_ctl: " + Sockets.describe(NativeLibc.errno());
            if (pending.cancel()) {
                done.accept(new Outcome(false, failure));
            }
            return FINISHED;
        }
        return pending;
    }

    @Override
    public Attempt exchange(SocketPath path, InetAddress address, int port, byte[] request, Conversation conversation) {
        int fd = open(path, address, port, failure -> conversation.ended(false, failure));
        if (fd < 0) {
            return FINISHED;
        }
        EpollExchange exchange = new EpollExchange(this, tokens.incrementAndGet(), fd, request, conversation);
        inFlight.put(exchange.token, exchange);
        if (!arm(EPOLL_CTL_ADD, fd, exchange.token, EPOLLOUT, scratch.get().event)) {
            exchange.abandon("epoll_ctl: " + Sockets.describe(NativeLibc.errno()));
            return FINISHED;
        }
        return exchange;
    }

    /**
     * A non-blocking socket along {@code path} with its connect to {@code address} under way, or -1
     * after telling {@code failed} why not. A connect that returns 0 at once is handled as one in
     * progress: the socket is writable at the first wait, and the one path stays the tested one.
     */
    private int open(SocketPath path, InetAddress address, int port, Consumer<String> failed) {
        if (closed || (address instanceof Inet6Address) != path.ipv6()) {
            failed.accept(closed ? "the connector is closed" : "the source is not of the target's family");
            return -1;
        }
        Scratch s = scratch.get();
        int family = path.ipv6() ? Sockets.AF_INET6 : Sockets.AF_INET;
        int fd = c.socket(family, SOCK_STREAM | Sockets.SOCK_NONBLOCK | Sockets.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            failed.accept("socket: " + Sockets.describe(NativeLibc.errno()));
            return -1;
        }
        try {
            Sockets.apply(c, fd, path, s.options);
        } catch (IOException e) {
            c.close(fd);
            failed.accept(e.getMessage());
            return -1;
        }
        int length = Sockets.writeAddress(s.address, address, port);
        if (c.connect(fd, s.address, length) != 0) {
            int errno = NativeLibc.errno();
            if (errno != Errno.EINPROGRESS.value()) {
                c.close(fd);
                failed.accept(Sockets.describe(errno));
                return -1;
            }
        }
        return fd;
    }

    /** Registers ({@code op} ADD) or re-arms (MOD) {@code fd} for one event of {@code events}. */
    boolean arm(int op, int fd, long token, int events, ByteBuffer event) {
        event.clear();
        event.putInt(0, events | EPOLLONESHOT).putLong(DATA_OFFSET, token).limit(EVENT_SIZE);
        return c.epoll_ctl(epfd, op, fd, event) == 0;
    }

    /** Drops a registration that has ended; false when a cancel or the close took it first. */
    boolean forget(long token, Registration registration) {
        return inFlight.remove(token, registration);
    }

    /** The calling thread's read buffer (for {@link EpollExchange#cancel()}). */
    ByteBuffer callerBuffer() {
        return scratch.get().data;
    }

    LibC libc() {
        return c;
    }

    private void waitForEvents() {
        ByteBuffer events = ByteBuffer.allocateDirect(EVENT_SIZE * MAX_EVENTS).order(ByteOrder.nativeOrder());
        IoScratch io = new IoScratch();
        try {
            while (!closed) {
                int n = c.epoll_wait(epfd, events, MAX_EVENTS, 250);
                if (n < 0) {
                    int errno = NativeLibc.errno();
                    if (errno != Errno.EINTR.value()) {
                        LOG.warn("health: waiting for tcp connects failed: {}", Sockets.describe(errno));
                    }
                    continue;
                }
                for (int i = 0; i < n; i++) {
                    Registration r = inFlight.get(events.getLong(i * EVENT_SIZE + DATA_OFFSET));
                    if (r != null) {
                        r.ready(events.getInt(i * EVENT_SIZE), io);
                    }
                }
            }
        } finally {
            // Connects still in flight end now, so that no probe waits for an outcome that cannot come.
            for (Registration r : inFlight.values()) {
                r.abandon("the connector is closed");
            }
            c.close(epfd);
        }
    }

    /** The connect's result from SO_ERROR; closes the socket. */
    private Outcome finish(int fd, ByteBuffer error) {
        int errno = socketError(fd, error);
        c.close(fd);
        return errno == 0 ? Outcome.CONNECTED : new Outcome(false, Sockets.describe(errno));
    }

    /** The socket's pending error (SO_ERROR), 0 for none. */
    int socketError(int fd, ByteBuffer error) {
        error.putInt(0, -1);
        int rc = c.getsockopt(fd, Sockets.SOL_SOCKET, Sockets.SO_ERROR, error, new IntByReference(4));
        return rc == 0 ? error.getInt(0) : NativeLibc.errno();
    }

    @Override
    public void close() {
        closed = true;
    }
}
