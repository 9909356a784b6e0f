package io.ipvsdirector.kernel.probe;

import io.ipvsdirector.kernel.netlink.Errno;
import io.ipvsdirector.kernel.netlink.LibC;
import io.ipvsdirector.kernel.netlink.NativeLibc;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Consumer;
import jnr.ffi.byref.IntByReference;

/**
 * {@link TcpConnector} over an {@link EpollLoop}. A connect is socket, the path's options, connect
 * (EINPROGRESS) and an EPOLLOUT|EPOLLONESHOT registration on the caller's thread; when the socket
 * becomes writable the loop's thread closes it and reports (reading SO_ERROR only when the event
 * carries an error). An exchange ({@link EpollExchange}) goes on from there on the same thread: it
 * sends its request and reads the answer, told of each change of the socket's readiness. Probes
 * started on the loop itself ({@link #loop()}) never change thread.
 */
public final class EpollTcpConnector implements TcpConnector {
    private static final int SOCK_STREAM = 1;

    /** Per-thread scratch space for the calls made on the callers' threads. */
    private static final class Scratch {
        final ByteBuffer address = Sockets.addressBuffer();
        final ByteBuffer options = Sockets.addressBuffer();
        final ByteBuffer event = ByteBuffer.allocateDirect(16).order(ByteOrder.nativeOrder());
        /** What an exchange cancelled at its deadline reads of an answer that has already arrived. */
        final ByteBuffer data = ByteBuffer.allocateDirect(4096);
    }

    private final class Pending implements Attempt, EpollLoop.Registration {
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
            if (loop.forget(token, this)) {
                c.close(fd);
                return true;
            }
            return false;
        }

        @Override
        public void ready(int events, EpollLoop.IoScratch scratch) {
            if (loop.forget(token, this)) {
                done.accept(finish(fd, events, scratch.error));
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
    private final EpollLoop loop;
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    private EpollTcpConnector(EpollLoop loop) {
        this.loop = loop;
        this.c = loop.libc();
    }

    public static EpollTcpConnector open() throws IOException {
        return new EpollTcpConnector(EpollLoop.open("health-probe-loop"));
    }

    /** The loop whose thread watches this connector's sockets: probes started there stay there. */
    public ProbeLoop loop() {
        return loop;
    }

    @Override
    public Attempt connect(SocketPath path, InetAddress address, int port, Consumer<Outcome> done) {
        int fd = open(path, address, port, failure -> done.accept(new Outcome(false, failure)));
        if (fd < 0) {
            return FINISHED;
        }
        Pending pending = new Pending(loop.token(), fd, done);
        loop.register(pending.token, pending);
        if (!loop.arm(true, fd, pending.token, EpollLoop.EPOLLOUT, scratch.get().event)) {
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
        EpollExchange exchange = new EpollExchange(this, loop.token(), fd, request, conversation);
        loop.register(exchange.token, exchange);
        if (!loop.watch(fd, exchange.token, scratch.get().event)) {
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
        if (loop.closed() || (address instanceof Inet6Address) != path.ipv6()) {
            failed.accept(loop.closed() ? "the connector is closed" : "the source is not of the target's family");
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

    /** The calling thread's read buffer (for {@link EpollExchange#cancel()}). */
    ByteBuffer callerBuffer() {
        return scratch.get().data;
    }

    LibC libc() {
        return c;
    }

    EpollLoop eventLoop() {
        return loop;
    }

    /**
     * The connect's result; closes the socket. Writable with no error or hang-up flag is connected,
     * as SO_ERROR would say: only a failed connect costs the getsockopt that names the failure.
     */
    private Outcome finish(int fd, int events, ByteBuffer error) {
        int errno = (events & (EpollLoop.EPOLLERR | EpollLoop.EPOLLHUP)) == 0 ? 0 : socketError(fd, error);
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
        loop.close();
    }
}
