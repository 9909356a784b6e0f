package io.ipvsdirector.kernel.packet;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import io.ipvsdirector.kernel.netlink.Errno;
import io.ipvsdirector.kernel.netlink.LibC;
import io.ipvsdirector.kernel.netlink.NativeLibc;

/**
 * A send-only AF_PACKET socket for whole Ethernet frames. It is opened with protocol 0, so the kernel
 * delivers it no frames: a socket opened for ETH_P_ARP would receive every ARP frame of the host.
 * Needs CAP_NET_RAW. Not thread-safe: the kernel thread owns it.
 */
public final class PacketSocket implements AutoCloseable {
    private static final int AF_PACKET = 17;
    private static final int SOCK_RAW = 3;
    private static final int SOCKADDR_LL_SIZE = 20;

    private final LibC c;
    private final int fd;
    private final ByteBuffer frameBuffer = ByteBuffer.allocateDirect(1514);
    private final ByteBuffer address = ByteBuffer.allocateDirect(SOCKADDR_LL_SIZE).order(ByteOrder.nativeOrder());

    private PacketSocket(LibC c, int fd) {
        this.c = c;
        this.fd = fd;
    }

    public static PacketSocket open() throws IOException {
        LibC c = NativeLibc.libc();
        int fd = c.socket(AF_PACKET, SOCK_RAW, 0);
        if (fd < 0) {
            int errno = NativeLibc.errno();
            throw new IOException("cannot open a packet socket: " + describe(errno)
                    + (errno == 1 ? " (needs CAP_NET_RAW)" : ""));
        }
        return new PacketSocket(c, fd);
    }

    /**
     * Sends {@code frame} (from the destination MAC on) out of interface {@code ifindex}; the kernel's
     * refusal is an error only when {@code mustSend}.
     */
    public void send(int ifindex, int ethertype, byte[] destinationMac, byte[] frame, boolean mustSend) throws IOException {
        // struct sockaddr_ll: family u16, protocol be16, ifindex i32, hatype u16, pkttype u8, halen u8, addr[8]
        address.clear();
        address.putShort((short) AF_PACKET);
        address.order(ByteOrder.BIG_ENDIAN).putShort((short) ethertype).order(ByteOrder.nativeOrder());
        address.putInt(ifindex).putShort((short) 0).put((byte) 0).put((byte) 6);
        address.put(destinationMac).put(new byte[2]);
        address.flip();
        frameBuffer.clear();
        frameBuffer.put(frame).flip();
        long sent = c.sendto(fd, frameBuffer, frame.length, 0, address, SOCKADDR_LL_SIZE);
        if (sent < 0) {
            int errno = NativeLibc.errno();
            if (!mustSend) {
                return;
            }
            throw new IOException("sending on interface " + ifindex + " failed: " + describe(errno));
        }
    }

    @Override
    public void close() {
        c.close(fd);
    }

    private static String describe(int errno) {
        Errno e = Errno.of(errno);
        return e == Errno.UNKNOWN ? "errno " + errno : e.text();
    }
}
