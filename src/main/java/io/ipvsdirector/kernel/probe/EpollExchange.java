package io.ipvsdirector.kernel.probe;

import io.ipvsdirector.kernel.netlink.Errno;
import io.ipvsdirector.kernel.netlink.LibC;
import io.ipvsdirector.kernel.netlink.NativeLibc;
import java.nio.ByteBuffer;

/**
 * One exchange of an {@link EpollTcpConnector}: once the connect completes, the request is sent
 * (with MSG_NOSIGNAL, so a closed peer is an error and not a signal), then the answer is read into
 * the waiting thread's buffer and handed to the {@link TcpConnector.Conversation} until it has
 * heard enough, the server closes, or a call fails. The socket is watched edge-triggered for reads
 * and writes from the start, so no step re-arms it (one epoll_ctl per exchange, not one per step):
 * a step writes until EAGAIN and reads until a short read before it waits for the next edge. A
 * cancel from another thread takes the same lock, so the socket is never closed under a step, nor
 * told anything after a cancel.
 */
final class EpollExchange implements TcpConnector.Attempt, EpollLoop.Registration {
    private static final int MSG_NOSIGNAL = 0x4000;

    private enum Step { CONNECTING, SENDING, READING, ENDED }

    final long token;
    private final EpollTcpConnector connector;
    private final LibC c;
    private final int fd;
    private final byte[] request;
    private final TcpConnector.Conversation conversation;
    private int sent;
    private Step step = Step.CONNECTING;

    EpollExchange(EpollTcpConnector connector, long token, int fd, byte[] request, TcpConnector.Conversation conversation) {
        this.connector = connector;
        this.c = connector.libc();
        this.token = token;
        this.fd = fd;
        this.request = request;
        this.conversation = conversation;
    }

    /**
     * At the deadline: reads first what has already arrived, so that an answer the waiting thread
     * had no CPU to read yet (a loaded machine) still decides, on the caller's thread; false when it
     * did, or when the exchange had already ended.
     */
    @Override
    public synchronized boolean cancel() {
        if (step == Step.ENDED || (step == Step.READING && drained(connector.callerBuffer()))) {
            return false;
        }
        close();
        return true;
    }

    /** Reads without waiting; true when that ended the exchange (the conversation has been told). */
    private boolean drained(ByteBuffer in) {
        // An error here (or nothing more) leaves the decision to the deadline.
        return receive(in, true) == Received.ENDED;
    }

    /** What {@link #receive} left: the exchange ended, nothing more to read for now, or a socket error. */
    private enum Received { ENDED, NOTHING_MORE, FAILED }

    /**
     * Reads what has arrived and hands it to the conversation. Without {@code untilEmpty} a short read
     * is taken as all there is for now, which saves the read that would only say so; a FAILED leaves
     * its errno for {@link NativeLibc#errno}.
     */
    private Received receive(ByteBuffer in, boolean untilEmpty) {
        while (true) {
            in.clear();
            long n = c.recvfrom(fd, in, in.capacity(), 0, null, null);
            if (n > 0) {
                in.limit((int) n);
                if (conversation.received(in)) {
                    end();
                    return Received.ENDED;
                }
                if (!untilEmpty && n < in.capacity()) {
                    return Received.NOTHING_MORE; // an EOF or more data wakes the wait again
                }
            } else if (n == 0) {
                end(true, "");
                return Received.ENDED;
            } else {
                int errno = NativeLibc.errno();
                return errno == Errno.EAGAIN.value() || errno == Errno.EINTR.value() ? Received.NOTHING_MORE : Received.FAILED;
            }
        }
    }

    @Override
    public synchronized void abandon(String failure) {
        if (step != Step.ENDED) {
            boolean connected = step != Step.CONNECTING;
            close();
            conversation.ended(connected, failure);
        }
    }

    @Override
    public synchronized void ready(int events, EpollLoop.IoScratch io) {
        switch (step) {
            case CONNECTING -> connected(events, io);
            case SENDING -> {
                if ((events & EpollLoop.EPOLLOUT) != 0) {
                    send(events, io);
                }
            }
            case READING -> {
                if ((events & (EpollLoop.EPOLLIN | EpollLoop.EPOLLERR | EpollLoop.EPOLLHUP)) != 0) {
                    read(io);
                }
            }
            default -> { } // cancelled between the wait and this call
        }
    }

    private void connected(int events, EpollLoop.IoScratch io) {
        if ((events & EpollLoop.EPOLLERR) != 0) {
            int errno = connector.socketError(fd, io.error);
            if (errno != 0) {
                // A reset before this first event came after the handshake: the server accepted, then reset.
                end(errno == Errno.ECONNRESET.value() || errno == Errno.EPIPE.value(), Sockets.describe(errno));
                return;
            }
        }
        if ((events & EpollLoop.EPOLLOUT) == 0) {
            return; // readable before the connect completed: wait for the connect's own edge
        }
        step = Step.SENDING;
        conversation.connected();
        send(events, io);
    }

    /** Writes until the request is out or the socket is full (EAGAIN: the next writable edge goes on). */
    private void send(int events, EpollLoop.IoScratch io) {
        ByteBuffer out = io.data;
        while (sent < request.length) {
            out.clear();
            int length = Math.min(out.capacity(), request.length - sent);
            out.put(request, sent, length).flip();
            long n = c.sendto(fd, out, length, MSG_NOSIGNAL, null, 0);
            if (n < 0) {
                int errno = NativeLibc.errno();
                if (errno != Errno.EAGAIN.value() && errno != Errno.EINTR.value()) {
                    end(true, Sockets.describe(errno));
                }
                return;
            }
            sent += (int) n;
        }
        step = Step.READING;
        if ((events & EpollLoop.EPOLLIN) != 0) {
            read(io); // the answer, or an early one, came with this edge: no other edge will say so
        }
    }

    /** Reads to a short read (the socket is then empty: the next readable edge goes on). */
    private void read(EpollLoop.IoScratch io) {
        if (receive(io.data, false) == Received.FAILED) {
            end(true, Sockets.describe(NativeLibc.errno()));
        }
    }

    /** The conversation said enough: close and tell nothing more. */
    private void end() {
        close();
    }

    private void end(boolean connected, String failure) {
        close();
        conversation.ended(connected, failure);
    }

    private void close() {
        step = Step.ENDED;
        connector.eventLoop().forget(token, this);
        c.close(fd);
    }
}
