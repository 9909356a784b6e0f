package io.ipvsdirector.kernel.probe;

import java.net.InetAddress;
import java.util.function.Consumer;

/**
 * Non-blocking TCP connects for probes that need socket options the JDK cannot set (an interface
 * binding, a firewall mark). A connect that succeeds is closed at once: the probe only asks whether
 * the server accepts.
 */
public interface TcpConnector extends AutoCloseable {
    /** How a connect ended: connected, or the failure ("Connection refused", "No route to host", ...). */
    record Outcome(boolean connected, String failure) {
        public static final Outcome CONNECTED = new Outcome(true, "");
    }

    /** A connect in flight. */
    interface Attempt {
        /** Abandons the connect and closes its socket; false when the outcome was already delivered. */
        boolean cancel();
    }

    /**
     * Starts a connect to {@code address}:{@code port} along {@code path}. {@code done} runs exactly
     * once unless the attempt is cancelled first, on the connector's thread or, when the outcome is
     * known at once (a refused loopback connect, a bad option), on the caller's.
     */
    Attempt connect(SocketPath path, InetAddress address, int port, Consumer<Outcome> done);

    @Override
    void close();
}
