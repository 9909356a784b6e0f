package io.ipvsdirector.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The client host: HTTP requests to the VIP from its namespace, one connection each unless kept open. */
final class VipClient {
    private final NetnsThread ns;
    private final int connectTimeoutMillis;

    VipClient(NetnsThread ns, int connectTimeoutMillis) {
        this.ns = ns;
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    /** One request on a new connection: the answering server's name. */
    String get(String host, int port) throws Exception {
        return ns.call(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
                s.setSoTimeout(2000);
                return exchange(s, host, true);
            }
        });
    }

    /** As {@link #get}, empty when the request failed (refused, reset, timed out). */
    Optional<String> tryGet(String host, int port) {
        try {
            return Optional.of(get(host, port));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** {@code n} requests in a row; every one must succeed. */
    List<String> getMany(String host, int port, int n) throws Exception {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(get(host, port));
        }
        return out;
    }

    /** A connection kept open for many requests. */
    KeptOpen open(String host, int port) throws Exception {
        Socket s = ns.call(() -> {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
            socket.setSoTimeout(5000);
            return socket;
        });
        return new KeptOpen(s, host);
    }

    /** One long-lived connection. */
    static final class KeptOpen implements AutoCloseable {
        private final Socket socket;
        private final String host;

        private KeptOpen(Socket socket, String host) {
            this.socket = socket;
            this.host = host;
        }

        String get() throws IOException {
            return exchange(socket, host, false);
        }

        /** The client's side of the connection, as "address:port", which IPVS lists it by. */
        String local() {
            return socket.getLocalAddress().getHostAddress() + ":" + socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static String exchange(Socket s, String host, boolean close) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(("GET / HTTP/1.1\r\nHost: " + host + "\r\n" + (close ? "Connection: close\r\n" : "") + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        // Not closed here: the reader wraps the socket's stream, which must stay open for keep-alive.
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1), 1);
        String status = in.readLine();
        if (status == null || !status.contains(" 200 ")) {
            throw new IOException("bad answer: " + status);
        }
        int length = -1;
        for (String h; (h = in.readLine()) != null && !h.isEmpty(); ) {
            if (h.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(h.substring(15).trim());
            }
        }
        char[] body = new char[Math.max(length, 0)];
        int read = 0;
        while (read < body.length) {
            int n = in.read(body, read, body.length - read);
            if (n < 0) {
                throw new IOException("short body");
            }
            read += n;
        }
        return new String(body);
    }
}
