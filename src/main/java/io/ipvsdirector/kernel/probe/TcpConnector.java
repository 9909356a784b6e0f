package io.ipvsdirector.kernel.probe;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Non-blocking TCP connects for probes that need socket options the JDK cannot set (an interface
 * binding, a firewall mark). A plain connect that succeeds is closed at once: the probe only asks
 * whether the server accepts. An exchange sends one request on the new connection and hands what
 * comes back to its {@link Conversation} until that has heard enough.
 */
public interface TcpConnector extends AutoCloseable {
    /** How a connect ended: connected, or the failure ("Connection refused", "No route to host", ...). */
    record Outcome(boolean connected, String failure) {
        public static final Outcome CONNECTED = new Outcome(true, "");
    }

    /**
     * What one exchange hears, told on the connector's thread (or, for an outcome known at once, on
     * the caller's), one call at a time and never after a cancel has succeeded.
     */
    interface Conversation {
        /** The connection is open; the request is sent next. */
        void connected();

        /**
         * Bytes from the server, from the buffer's position to its limit, valid during the call only.
         * Returns true when nothing more is needed: the socket is then closed and nothing more told.
         */
        boolean received(ByteBuffer data);

        /**
         * The exchange ended before {@link #received} said enough, and the socket is closed: the
         * connect failed ({@code connected} false), the server closed the connection ({@code failure}
         * empty), or sending or reading failed ("Connection reset by peer").
         */
        void ended(boolean connected, String failure);
    }

    /** A connect or an exchange in flight. */
    interface Attempt {
        /**
         * Abandons the connect and closes its socket; false when the outcome was already delivered.
         * An exchange first reads what has already arrived: when that ends it, the conversation is
         * told on the caller's thread, and this returns false.
         */
        boolean cancel();
    }

    /**
     * Starts a connect to {@code address}:{@code port} along {@code path}. {@code done} runs exactly
     * once unless the attempt is cancelled first, on the connector's thread or, when the outcome is
     * known at once (a refused loopback connect, a bad option), on the caller's.
     */
    Attempt connect(SocketPath path, InetAddress address, int port, Consumer<Outcome> done);

    /** Connects as {@link #connect} does, sends {@code request} and tells {@code conversation} what follows. */
    Attempt exchange(SocketPath path, InetAddress address, int port, byte[] request, Conversation conversation);

    @Override
    void close();
}
