package io.ipvsdirector.kernel.probe;

import java.io.IOException;
import java.net.InetAddress;

/**
 * Sends ICMP echo requests of one address family and hands every echo reply meant for this socket to
 * the listener given when it was opened. Replies of other processes' pings are never handed over.
 * {@link #send} is safe to call from any thread.
 */
public interface IcmpEcho extends AutoCloseable {
    /** How the socket was opened: "datagram" (unprivileged ping socket) or "raw" (CAP_NET_RAW). */
    String kind();

    /** Sends one echo request with {@code sequence} (0..65535) to {@code to}, of this socket's family. */
    void send(InetAddress to, int sequence) throws IOException;

    @Override
    void close();
}
