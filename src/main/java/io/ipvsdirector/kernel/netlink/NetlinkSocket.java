package io.ipvsdirector.kernel.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import jnr.ffi.byref.IntByReference;

/**
 * A netlink socket of any protocol ({@link Netlink#NETLINK_GENERIC} for IPVS,
 * {@link Netlink#NETLINK_ROUTE} for addresses and links) over jnr-ffi. Bound to a port id the kernel
 * picks, with a receive timeout so that a lost reply never hangs the caller. Not thread-safe: it is
 * used only on the kernel thread.
 */
public final class NetlinkSocket implements NetlinkTransport {
    private static final int AF_NETLINK = 16;
    private static final int SOCK_RAW = 3;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVBUF = 8;
    private static final int SO_RCVTIMEO = 20;
    private static final int SO_RCVBUFFORCE = 33;
    private static final int SOL_NETLINK = 270;
    private static final int NETLINK_CAP_ACK = 10;
    private static final int MSG_TRUNC = 0x20;
    /** recvmmsg: block for the first datagram only, then take what is already queued. */
    private static final int MSG_WAITFORONE = 0x10000;
    /**
     * Datagrams taken per receive call, each into its own region of the caller's buffer. The kernel
     * sizes dump datagrams to the reader's buffer and never beyond 32 KiB.
     */
    public static final int DATAGRAMS_PER_RECEIVE = 4;
    public static final int DATAGRAM_REGION = 32 * 1024;
    /** struct mmsghdr on LP64: struct msghdr (56 bytes) and an unsigned msg_len, padded to 64. */
    private static final int MMSGHDR = 64;
    private static final int IOVEC = 16;
    /** struct sockaddr_nl: u16 family, u16 pad, u32 pid, u32 groups. */
    private static final int SOCKADDR_NL_LENGTH = 12;

    private final LibC libc;
    private final int fd;
    private final int portId;
    private final ByteBuffer kernelAddress;
    private final ByteBuffer messages = ByteBuffer.allocateDirect(DATAGRAMS_PER_RECEIVE * MMSGHDR).order(ByteOrder.nativeOrder());
    private final ByteBuffer vectors = ByteBuffer.allocateDirect(DATAGRAMS_PER_RECEIVE * IOVEC).order(ByteOrder.nativeOrder());
    private final long vectorsAddress;
    private ByteBuffer lastBuffer;
    private long lastBufferAddress;
    private boolean closed;

    private NetlinkSocket(LibC libc, int fd, int portId) {
        this.libc = libc;
        this.fd = fd;
        this.portId = portId;
        this.kernelAddress = sockaddr(0);
        this.vectorsAddress = NativeLibc.address(vectors);
    }

    /** Opens and binds a socket of {@code protocol}; the receive timeout starts at 5 s. */
    public static NetlinkSocket open(int protocol) throws NetlinkException {
        LibC libc = NativeLibc.libc();
        int fd = libc.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol);
        if (fd < 0) {
            throw NetlinkException.of(NativeLibc.errno(), "netlink socket (protocol " + protocol + ")");
        }
        try {
            if (libc.bind(fd, sockaddr(0), SOCKADDR_NL_LENGTH) < 0) {
                throw NetlinkException.of(NativeLibc.errno(), "bind netlink socket");
            }
            ByteBuffer bound = sockaddr(0);
            IntByReference length = new IntByReference(SOCKADDR_NL_LENGTH);
            if (libc.getsockname(fd, bound, length) < 0) {
                throw NetlinkException.of(NativeLibc.errno(), "getsockname of netlink socket");
            }
            NetlinkSocket socket = new NetlinkSocket(libc, fd, bound.getInt(4));
            socket.setReceiveTimeout(Duration.ofSeconds(5));
            // Errors then carry only the request's header, not its payload: more of them fit the
            // receive buffer when a batch fails. Older kernels lack the option; that is harmless.
            socket.setOption(SOL_NETLINK, NETLINK_CAP_ACK, 1);
            return socket;
        } catch (NetlinkException | RuntimeException e) {
            libc.close(fd);
            throw e;
        }
    }

    private static ByteBuffer sockaddr(int pid) {
        ByteBuffer b = ByteBuffer.allocateDirect(SOCKADDR_NL_LENGTH).order(ByteOrder.nativeOrder());
        b.putShort(0, (short) AF_NETLINK).putInt(4, pid).putInt(8, 0);
        return b;
    }

    @Override
    public int portId() {
        return portId;
    }

    /** How long {@link #receive} waits for a datagram. */
    public void setReceiveTimeout(Duration timeout) throws NetlinkException {
        ByteBuffer tv = ByteBuffer.allocateDirect(16).order(ByteOrder.nativeOrder());
        tv.putLong(0, timeout.toSeconds()).putLong(8, timeout.toMillisPart() * 1000L);
        if (libc.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, tv, 16) < 0) {
            throw NetlinkException.of(NativeLibc.errno(), "set netlink receive timeout");
        }
    }

    /**
     * Asks for a receive buffer of {@code bytes}: beyond net.core.rmem_max only with CAP_NET_ADMIN
     * (SO_RCVBUFFORCE); without it the kernel caps the plain request. Returns false when neither took.
     */
    public boolean setReceiveBufferSize(int bytes) {
        return setOption(SOL_SOCKET, SO_RCVBUFFORCE, bytes) || setOption(SOL_SOCKET, SO_RCVBUF, bytes);
    }

    private boolean setOption(int level, int option, int value) {
        ByteBuffer v = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
        v.putInt(0, value);
        return libc.setsockopt(fd, level, option, v, 4) == 0;
    }

    @Override
    public void send(ByteBuffer buffer) throws NetlinkException {
        int length = buffer.position();
        ByteBuffer from = buffer.duplicate().position(0);
        long sent = libc.sendto(fd, from, length, 0, kernelAddress, SOCKADDR_NL_LENGTH);
        if (sent < 0) {
            throw NetlinkException.of(NativeLibc.errno(), "send to netlink");
        }
        if (sent != length) {
            throw new NetlinkException(Errno.EMSGSIZE.value(), "send to netlink",
                    "send to netlink: sent " + sent + " of " + length + " bytes");
        }
    }

    /**
     * Receives every datagram already queued, up to {@link #DATAGRAMS_PER_RECEIVE}, with one recvmmsg
     * call, and lays them out back to back from offset 0 (netlink datagrams are whole, 4-byte aligned
     * messages). A dump's last part and its NLMSG_DONE, which the kernel queues as it hands over the
     * part, then cost one system call instead of two; so do the error replies of a batch.
     */
    @Override
    public int receive(ByteBuffer buffer) throws NetlinkException {
        int regions = Math.max(1, Math.min(DATAGRAMS_PER_RECEIVE, buffer.capacity() / DATAGRAM_REGION));
        int regionSize = regions == 1 ? buffer.capacity() : DATAGRAM_REGION;
        if (buffer != lastBuffer) {
            lastBuffer = buffer;
            lastBufferAddress = NativeLibc.address(buffer);
        }
        for (int i = 0; i < regions; i++) {
            vectors.putLong(i * IOVEC, lastBufferAddress + (long) i * regionSize).putLong(i * IOVEC + 8, regionSize);
            int m = i * MMSGHDR;
            messages.putLong(m, 0).putInt(m + 8, 0).putLong(m + 16, vectorsAddress + (long) i * IOVEC).putLong(m + 24, 1)
                    .putLong(m + 32, 0).putLong(m + 40, 0).putInt(m + 48, 0).putInt(m + 56, 0);
        }
        int n = libc.recvmmsg(fd, messages, regions, MSG_WAITFORONE, null);
        if (n < 0) {
            throw NetlinkException.of(NativeLibc.errno(), "receive from netlink");
        }
        int total = 0;
        for (int i = 0; i < n; i++) {
            int length = messages.getInt(i * MMSGHDR + 56);
            if ((messages.getInt(i * MMSGHDR + 48) & MSG_TRUNC) != 0) {
                throw new NetlinkException(Errno.EMSGSIZE.value(), "receive from netlink",
                        "receive from netlink: a datagram does not fit " + regionSize + " bytes");
            }
            if (total != i * regionSize) {
                buffer.put(total, buffer, i * regionSize, length);
            }
            total += length;
        }
        return total;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            libc.close(fd);
        }
    }
}
