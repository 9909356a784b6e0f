package io.ipvsdirector.kernel.probe;

import io.ipvsdirector.kernel.netlink.Errno;
import io.ipvsdirector.kernel.netlink.LibC;
import io.ipvsdirector.kernel.netlink.NativeLibc;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** What the probe sockets share: socket addresses laid out by hand, and a {@link SocketPath} applied to a descriptor. */
final class Sockets {
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SOCK_NONBLOCK = 0x800;
    static final int SOL_SOCKET = 1;
    static final int SO_ERROR = 4;
    static final int SO_RCVTIMEO = 20;
    static final int SO_BINDTODEVICE = 25;
    static final int SO_MARK = 36;
    /** Room for a struct sockaddr_in6, the larger of the two. */
    static final int SOCKADDR_SIZE = 28;

    private Sockets() {
    }

    /** A direct buffer in native order, large enough for any socket address. */
    static ByteBuffer addressBuffer() {
        return ByteBuffer.allocateDirect(SOCKADDR_SIZE).order(ByteOrder.nativeOrder());
    }

    /**
     * Writes the sockaddr of {@code address} and {@code port} at the start of {@code buffer} (jnr-ffi
     * passes a buffer's position) and returns its length.
     */
    static int writeAddress(ByteBuffer buffer, InetAddress address, int port) {
        buffer.clear();
        if (address instanceof Inet6Address v6) {
            // struct sockaddr_in6: family, port (be16), flowinfo, address[16], scope id
            buffer.putShort((short) AF_INET6).order(ByteOrder.BIG_ENDIAN).putShort((short) port)
                    .order(ByteOrder.nativeOrder()).putInt(0).put(v6.getAddress()).putInt(v6.getScopeId()).flip();
            return 28;
        }
        // struct sockaddr_in: family, port (be16), address[4], zero[8]
        buffer.putShort((short) AF_INET).order(ByteOrder.BIG_ENDIAN).putShort((short) port)
                .order(ByteOrder.nativeOrder()).put(address.getAddress()).putLong(0).flip();
        return 16;
    }

    /** Sets the path's mark and interface on {@code fd} and binds it to the path's source address. */
    static void apply(LibC c, int fd, SocketPath path, ByteBuffer scratch) throws IOException {
        if (path.mark() != 0) {
            scratch.clear();
            scratch.putInt(0, path.mark()).limit(4);
            option(c, fd, SO_MARK, scratch, "fwmark " + Integer.toUnsignedString(path.mark())
                    + " (SO_MARK needs CAP_NET_ADMIN)");
        }
        if (path.device().isPresent()) {
            byte[] name = path.device().get().getBytes(StandardCharsets.US_ASCII);
            ByteBuffer device = ByteBuffer.allocateDirect(name.length + 1).put(name).put((byte) 0).flip();
            option(c, fd, SO_BINDTODEVICE, device, "interface " + path.device().get());
        }
        if (path.source().isPresent()) {
            int length = writeAddress(scratch, path.source().get(), 0);
            if (c.bind(fd, scratch, length) != 0) {
                throw new IOException("cannot bind to " + path.source().get().getHostAddress() + ": "
                        + describe(NativeLibc.errno()));
            }
        }
    }

    static void option(LibC c, int fd, int option, ByteBuffer value, String what) throws IOException {
        if (c.setsockopt(fd, SOL_SOCKET, option, value, value.limit()) != 0) {
            throw new IOException("cannot set " + what + ": " + describe(NativeLibc.errno()));
        }
    }

    static String describe(int errno) {
        Errno e = Errno.of(errno);
        return e == Errno.UNKNOWN ? "errno " + errno : e.text();
    }
}
