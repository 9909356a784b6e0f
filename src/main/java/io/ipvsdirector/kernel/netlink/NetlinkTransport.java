package io.ipvsdirector.kernel.netlink;

import java.nio.ByteBuffer;

/**
 * Datagram exchange with the kernel: what {@link NetlinkConnection} needs from a socket. A seam, so
 * that the request, dump and acknowledgement logic is tested without a kernel.
 */
public interface NetlinkTransport extends AutoCloseable {
    /** The port id the kernel gave this socket; replies carry it. */
    int portId();

    /** Sends the bytes between 0 and the buffer's position as one datagram. */
    void send(ByteBuffer buffer) throws NetlinkException;

    /**
     * Receives one or more datagrams into {@code buffer}, back to back from offset 0, and returns
     * their total length. Throws {@link NetlinkTimeoutException} when nothing arrives within the
     * receive timeout.
     */
    int receive(ByteBuffer buffer) throws NetlinkException;

    @Override
    void close();
}
