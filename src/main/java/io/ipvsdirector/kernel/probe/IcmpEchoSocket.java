package io.ipvsdirector.kernel.probe;

import io.ipvsdirector.kernel.netlink.Errno;
import io.ipvsdirector.kernel.netlink.LibC;
import io.ipvsdirector.kernel.netlink.NativeLibc;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import jnr.ffi.byref.IntByReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ICMP socket of one family and the thread that reads its replies. It is first opened as an
 * unprivileged ping socket (SOCK_DGRAM, IPPROTO_ICMP[V6]), which the kernel allows to the groups in
 * net.ipv4.ping_group_range and which receives only the replies to its own identifier; failing that,
 * as a raw socket (CAP_NET_RAW), which receives every ICMP message of the host, so replies are then
 * told apart by the random identifier this socket puts in its requests.
 */
public final class IcmpEchoSocket implements IcmpEcho {
    private static final Logger LOG = LoggerFactory.getLogger(IcmpEchoSocket.class);
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_RAW = 3;
    private static final int IPPROTO_ICMP = 1;
    private static final int IPPROTO_ICMPV6 = 58;
    private static final int SOL_RAW = 255;
    /** ICMP_FILTER at SOL_RAW and ICMP6_FILTER at IPPROTO_ICMPV6 are both option 1. */
    private static final int ICMP_FILTER = 1;
    private static final int SO_RCVBUF = 8;
    private static final int SO_RCVBUFFORCE = 33;
    private static final int RECEIVE_BUFFER = 1 << 20;
    /** How often the reader wakes up to notice {@link #close()}. */
    private static final long READ_WAKEUP_MICROS = 250_000;
    private static final byte[] PAYLOAD = "ipvs-director ping".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final LibC c;
    private final int fd;
    private final boolean ipv6;
    private final boolean raw;
    private final int identifier;
    private final Consumer<EchoReply> listener;
    private final ByteBuffer packet = ByteBuffer.allocateDirect(8 + PAYLOAD.length);
    private final ByteBuffer destination = Sockets.addressBuffer();
    private final Thread reader;
    private volatile boolean closed;

    private IcmpEchoSocket(LibC c, int fd, boolean ipv6, boolean raw, Consumer<EchoReply> listener) {
        this.c = c;
        this.fd = fd;
        this.ipv6 = ipv6;
        this.raw = raw;
        this.identifier = ThreadLocalRandom.current().nextInt(1, 0x10000);
        this.listener = listener;
        this.reader = new Thread(this::readReplies, "health-ping-" + (ipv6 ? "v6" : "v4"));
        reader.setDaemon(true);
    }

    /**
     * Opens the socket of IPv6 or IPv4 and starts reading; {@code listener} runs on the reading thread
     * for every echo reply to this socket's requests, so it must be quick and never block.
     */
    public static IcmpEchoSocket open(SocketPath path, Consumer<EchoReply> listener) throws IOException {
        LibC c = NativeLibc.libc();
        boolean ipv6 = path.ipv6();
        int family = ipv6 ? Sockets.AF_INET6 : Sockets.AF_INET;
        int protocol = ipv6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;
        boolean raw = false;
        int fd = c.socket(family, SOCK_DGRAM | Sockets.SOCK_CLOEXEC, protocol);
        if (fd < 0) {
            String datagram = Sockets.describe(NativeLibc.errno());
            fd = c.socket(family, SOCK_RAW | Sockets.SOCK_CLOEXEC, protocol);
            if (fd < 0) {
                throw new IOException("cannot open an ICMP" + (ipv6 ? "v6" : "") + " socket: as a ping socket: "
                        + datagram + " (net.ipv4.ping_group_range does not include the director's group); as a raw"
                        + " socket: " + Sockets.describe(NativeLibc.errno()) + " (needs CAP_NET_RAW)");
            }
            raw = true;
        }
        IcmpEchoSocket socket = new IcmpEchoSocket(c, fd, ipv6, raw, listener);
        try {
            socket.configure(path);
        } catch (IOException e) {
            c.close(fd);
            throw e;
        }
        socket.reader.start();
        return socket;
    }

    /** The receive timeout that lets the reader notice close, and the path's options, before any send. */
    private void configure(SocketPath path) throws IOException {
        ByteBuffer timeout = ByteBuffer.allocateDirect(16).order(ByteOrder.nativeOrder());
        timeout.putLong(0, READ_WAKEUP_MICROS / 1_000_000).putLong(8, READ_WAKEUP_MICROS % 1_000_000);
        try {
            Sockets.option(c, fd, Sockets.SO_RCVTIMEO, timeout, "a receive timeout");
            Sockets.apply(c, fd, path, destination);
        } catch (IOException e) {
            throw new IOException("ICMP socket: " + e.getMessage(), e);
        }
        // A burst of replies (hundreds of probes due at once) must not overflow the default buffer.
        // SO_RCVBUFFORCE (CAP_NET_ADMIN) passes net.core.rmem_max; without it the capped size is
        // still twice the default, so neither refusal is an error.
        ByteBuffer size = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder()).putInt(0, RECEIVE_BUFFER);
        if (c.setsockopt(fd, Sockets.SOL_SOCKET, SO_RCVBUFFORCE, size, 4) != 0) {
            c.setsockopt(fd, Sockets.SOL_SOCKET, SO_RCVBUF, size, 4);
        }
        if (raw) {
            filterEchoReplies();
        }
    }

    /**
     * A raw socket receives every ICMP message of the host, our own echo requests to local
     * addresses included; a filter keeps all but echo replies out of its buffer.
     */
    private void filterEchoReplies() throws IOException {
        ByteBuffer filter;
        int level;
        if (ipv6) {
            // struct icmp6_filter: 256 bits, a set bit blocks that type; pass only 129 (echo reply).
            filter = ByteBuffer.allocateDirect(32).order(ByteOrder.nativeOrder());
            for (int i = 0; i < 8; i++) {
                filter.putInt(i * 4, i == 129 >> 5 ? ~(1 << (129 & 31)) : -1);
            }
            level = IPPROTO_ICMPV6;
        } else {
            // struct icmp_filter: 32 bits, a set bit blocks that type; pass only 0 (echo reply).
            filter = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder()).putInt(0, ~1);
            level = SOL_RAW;
        }
        if (c.setsockopt(fd, level, ICMP_FILTER, filter, filter.capacity()) != 0) {
            throw new IOException("ICMP socket: cannot set the echo reply filter: " + Sockets.describe(NativeLibc.errno()));
        }
    }

    @Override
    public String kind() {
        return raw ? "raw" : "datagram";
    }

    @Override
    public void send(InetAddress to, int sequence) throws IOException {
        if (closed) {
            throw new IOException("the ICMP socket is closed");
        }
        if ((to instanceof Inet6Address) != ipv6) {
            throw new IllegalArgumentException(to + " is not an " + (ipv6 ? "IPv6" : "IPv4") + " address");
        }
        synchronized (packet) {
            packet.clear();
            // type, code, checksum, identifier, sequence: a ping socket replaces the identifier with its own.
            packet.put((byte) (ipv6 ? 128 : 8)).put((byte) 0).putShort((short) 0)
                    .putShort((short) identifier).putShort((short) sequence).put(PAYLOAD).flip();
            if (raw && !ipv6) {
                // The kernel fills in the ICMPv6 checksum and a ping socket's, but not a raw IPv4 one.
                packet.putShort(2, checksum(packet));
            }
            int length = Sockets.writeAddress(destination, to, 0);
            long sent = c.sendto(fd, packet, packet.limit(), 0, destination, length);
            if (sent < 0) {
                throw new IOException(Sockets.describe(NativeLibc.errno()));
            }
        }
    }

    /** The Internet checksum (RFC 1071) of the packet's bytes, with its checksum field zero. */
    static short checksum(ByteBuffer bytes) {
        int sum = 0;
        for (int i = 0; i + 1 < bytes.limit(); i += 2) {
            sum += bytes.getShort(i) & 0xffff;
        }
        if ((bytes.limit() & 1) != 0) {
            sum += (bytes.get(bytes.limit() - 1) & 0xff) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (short) ~sum;
    }

    private void readReplies() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(2048);
        ByteBuffer from = ByteBuffer.allocateDirect(28).order(ByteOrder.nativeOrder());
        try {
            while (!closed) {
                buffer.clear();
                // jnr-ffi's IntByReference is read-only from Java, so each read takes a fresh one.
                long n = c.recvfrom(fd, buffer, buffer.capacity(), 0, from, new IntByReference(28));
                if (n < 0) {
                    int errno = NativeLibc.errno();
                    if (errno != Errno.EAGAIN.value() && errno != Errno.EINTR.value() && !closed) {
                        LOG.warn("health: reading the ICMP socket failed: {}", Sockets.describe(errno));
                    }
                    continue;
                }
                buffer.limit((int) n);
                EchoReply reply = parse(buffer, from);
                if (reply != null) {
                    listener.accept(reply);
                }
            }
        } finally {
            c.close(fd);
        }
    }

    /** The echo reply in {@code buffer}, or null for anything else (other types, other processes' pings). */
    private EchoReply parse(ByteBuffer buffer, ByteBuffer from) {
        // A raw IPv4 socket receives the IP header too; the others start at the ICMP header.
        int offset = raw && !ipv6 ? (buffer.get(0) & 0x0f) * 4 : 0;
        if (buffer.limit() < offset + 8) {
            return null;
        }
        int type = buffer.get(offset) & 0xff;
        if (type != (ipv6 ? 129 : 0)) {
            return null;
        }
        if (raw && (buffer.getShort(offset + 4) & 0xffff) != identifier) {
            return null;
        }
        int sequence = buffer.getShort(offset + 6) & 0xffff;
        try {
            byte[] address = new byte[ipv6 ? 16 : 4];
            from.get(ipv6 ? 8 : 4, address);
            InetAddress sender = ipv6 && address[0] == (byte) 0xfe && (address[1] & 0xc0) == 0x80
                    ? Inet6Address.getByAddress(null, address, from.getInt(24))
                    : InetAddress.getByAddress(address);
            return new EchoReply(sender, sequence);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
