package io.ipvsdirector.kernel.rtnl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/** A NETLINK_ROUTE socket: one request at a time, its ACK or its dump. Kernel thread only. */
final class RouteSocket implements AutoCloseable {
    /** The libc calls a netlink socket needs. */
    public interface Libc {
        int socket(int domain, int type, int protocol);

        int setsockopt(int fd, int level, int option, @In ByteBuffer value, int length);

        @ssize_t
        long sendto(int fd, @In ByteBuffer buffer, @size_t long length, int flags, @In ByteBuffer address, int addressLength);

        @ssize_t
        long recv(int fd, @Out ByteBuffer buffer, @size_t long length, int flags);

        int close(int fd);
    }

    /** The kernel answered with an error. */
    static final class KernelError extends IOException {
        final int errno;

        KernelError(int errno, String message) {
            super(message);
            this.errno = errno;
        }
    }

    private static final int AF_NETLINK = 16;
    private static final int SOCK_RAW = 3;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVTIMEO = 20;
    private static final int NLMSG_ERROR = 2;
    private static final int NLMSG_DONE = 3;
    private static Libc libc;

    private final Libc c;
    private final int fd;
    private final ByteBuffer rx = ByteBuffer.allocateDirect(64 * 1024).order(ByteOrder.nativeOrder());
    private final ByteBuffer tx = ByteBuffer.allocateDirect(64 * 1024).order(ByteOrder.nativeOrder());
    private final ByteBuffer kernelAddress = ByteBuffer.allocateDirect(12).order(ByteOrder.nativeOrder());
    private int seq = (int) (System.nanoTime() & 0x7fffffff);

    private RouteSocket(Libc c, int fd) {
        this.c = c;
        this.fd = fd;
        kernelAddress.putShort((short) AF_NETLINK).putShort((short) 0).putInt(0).putInt(0).flip();
    }

    static synchronized RouteSocket open() throws IOException {
        if (libc == null) {
            libc = LibraryLoader.create(Libc.class).load("c");
        }
        int fd = libc.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new IOException("cannot open a netlink socket: errno " + jnr.ffi.Runtime.getRuntime(libc).getLastError());
        }
        ByteBuffer timeout = ByteBuffer.allocateDirect(16).order(ByteOrder.nativeOrder()).putLong(5).putLong(0).flip();
        libc.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, timeout, 16);
        return new RouteSocket(libc, fd);
    }

    int nextSeq() {
        return ++seq;
    }

    /** Sends a request carrying NLM_F_ACK and waits for its acknowledgement. */
    void request(ByteBuffer message, int seq) throws IOException {
        send(message);
        while (true) {
            int n = receive();
            for (int at = 0; at + 16 <= n; ) {
                int len = rx.getInt(at);
                if (rx.getShort(at + 4) == NLMSG_ERROR && rx.getInt(at + 8) == seq) {
                    int error = -rx.getInt(at + 16);
                    if (error != 0) {
                        throw new KernelError(error, "errno " + error);
                    }
                    return;
                }
                at += (len + 3) & ~3;
            }
        }
    }

    /** Sends a dump request and collects the [offset, length] of every message until NLMSG_DONE. */
    List<ByteBuffer> dump(ByteBuffer message, int seq) throws IOException {
        send(message);
        List<ByteBuffer> out = new ArrayList<>();
        while (true) {
            int n = receive();
            for (int at = 0; at + 16 <= n; ) {
                int len = rx.getInt(at);
                int type = rx.getShort(at + 4) & 0xffff;
                if (rx.getInt(at + 8) == seq) {
                    if (type == NLMSG_DONE) {
                        return out;
                    }
                    if (type == NLMSG_ERROR) {
                        throw new KernelError(-rx.getInt(at + 16), "dump failed: errno " + -rx.getInt(at + 16));
                    }
                    ByteBuffer copy = ByteBuffer.allocate(len).order(ByteOrder.nativeOrder());
                    for (int i = 0; i < len; i++) {
                        copy.put(i, rx.get(at + i));
                    }
                    out.add(copy);
                }
                at += (len + 3) & ~3;
            }
        }
    }

    private void send(ByteBuffer message) throws IOException {
        tx.clear();
        tx.put(message).flip();
        if (c.sendto(fd, tx, tx.limit(), 0, kernelAddress, 12) < 0) {
            throw new IOException("netlink send failed: errno " + jnr.ffi.Runtime.getRuntime(c).getLastError());
        }
    }

    private int receive() throws IOException {
        rx.clear();
        long n = c.recv(fd, rx, rx.capacity(), 0);
        if (n < 0) {
            throw new IOException("netlink receive failed: errno " + jnr.ffi.Runtime.getRuntime(c).getLastError());
        }
        return (int) n;
    }

    @Override
    public void close() {
        c.close(fd);
    }
}
