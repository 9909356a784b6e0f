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
 * the socket and reports. Registrations carry a token, not the descriptor, so that an event for a
 * socket a cancel already closed (whose number the kernel may have reused) is ignored.
 */
public final class EpollTcpConnector implements TcpConnector {
    private static final Logger LOG = LoggerFactory.getLogger(EpollTcpConnector.class);
    private static final int SOCK_STREAM = 1;
    private static final int EPOLL_CTL_ADD = 1;
    private static final int EPOLLOUT = 0x4;
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
    }

    private final class Pending implements Attempt {
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
    }

    private static final Attempt FINISHED = () -> false;

    private final LibC c;
    private final int epfd;
    private final Map<Long, Pending> inFlight = new ConcurrentHashMap<>();
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
        if (closed || (address instanceof Inet6Address) != path.ipv6()) {
            done.accept(new Outcome(false, closed ? "the connector is closed" : "the source is not of the target's family"));
            return FINISHED;
        }
        Scratch s = scratch.get();
        int family = path.ipv6() ? Sockets.AF_INET6 : Sockets.AF_INET;
        int fd = c.socket(family, SOCK_STREAM | Sockets.SOCK_NONBLOCK | Sockets.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            done.accept(new Outcome(false, "socket: " + Sockets.describe(NativeLibc.errno())));
            return FINISHED;
        }
        try {
            Sockets.apply(c, fd, path, s.options);
        } catch (IOException e) {
            c.close(fd);
            done.accept(new Outcome(false, e.getMessage()));
            return FINISHED;
        }
        int length = Sockets.writeAddress(s.address, address, port);
        if (c.connect(fd, s.address, length) == 0) {
            c.close(fd);
            done.accept(Outcome.CONNECTED);
            return FINISHED;
        }
        int errno = NativeLibc.errno();
        if (errno != Errno.EINPROGRESS.value()) {
            c.close(fd);
            done.accept(new Outcome(false, Sockets.describe(errno)));
            return FINISHED;
        }
        Pending pending = new Pending(tokens.incrementAndGet(), fd, done);
        inFlight.put(pending.token, pending);
        s.event.clear();
        s.event.putInt(0, EPOLLOUT | EPOLLONESHOT).putLong(DATA_OFFSET, pending.token).limit(EVENT_SIZE);
        if (c.epoll_ctl(epfd, EPOLL_CTL_ADD, fd, s.event) != 0) {
            String failure = "epoll_ctl: " + Sockets.describe(NativeLibc.errno());
            if (pending.cancel()) {
                done.accept(new Outcome(false, failure));
            }
            return FINISHED;
        }
        return pending;
    }

    private void waitForEvents() {
        ByteBuffer events = ByteBuffer.allocateDirect(EVENT_SIZE * MAX_EVENTS).order(ByteOrder.nativeOrder());
        ByteBuffer error = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
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
                    Pending p = inFlight.remove(events.getLong(i * EVENT_SIZE + DATA_OFFSET));
                    if (p != null) {
                        p.done.accept(finish(p.fd, error));
                    }
                }
            }
        } finally {
            // Connects still in flight end now, so that no probe waits for an outcome that cannot come.
            for (Pending p : inFlight.values()) {
                if (p.cancel()) {
                    p.done.accept(new Outcome(false, "the connector is closed"));
                }
            }
            c.close(epfd);
        }
    }

    /** The connect's result from SO_ERROR; closes the socket. */
    private Outcome finish(int fd, ByteBuffer error) {
        error.putInt(0, -1);
        int rc = c.getsockopt(fd, Sockets.SOL_SOCKET, Sockets.SO_ERROR, error, new IntByReference(4));
        int errno = rc == 0 ? error.getInt(0) : NativeLibc.errno();
        c.close(fd);
        return errno == 0 ? Outcome.CONNECTED : new Outcome(false, Sockets.describe(errno));
    }

    @Override
    public void close() {
        closed = true;
    }
}
