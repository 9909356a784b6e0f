package io.ipvsdirector.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real server's web server: on each of its ports, in its namespace, every request is answered
 * with the server's name. Keep-alive is honoured, so one connection can carry many requests.
 * {@link #stop} is the server dying: listeners and open connections close, new connections are refused.
 */
final class NameServer implements AutoCloseable {
    /**
     * Threads for every server's listeners and connections, reused: starting a thread costs
     * milliseconds of page faults on the test kernel, enough to make the checks time out.
     */
    private static final ExecutorService THREADS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "name-server");
        t.setDaemon(true);
        return t;
    });

    private final String name;
    private final NetnsThread ns;
    private final List<Integer> ports;
    private final List<ServerSocket> listeners = new ArrayList<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    NameServer(String name, NetnsThread ns, List<Integer> ports) {
        this.name = name;
        this.ns = ns;
        this.ports = List.copyOf(ports);
    }

    String name() {
        return name;
    }

    synchronized void start() throws Exception {
        for (int port : ports) {
            ServerSocket s = ns.call(() -> {
                ServerSocket ss = new ServerSocket();
                ss.setReuseAddress(true);
                ss.bind(new InetSocketAddress(port), 128);
                return ss;
            });
            listeners.add(s);
            THREADS.execute(() -> accept(s));
        }
    }

    synchronized void stop() {
        for (ServerSocket s : listeners) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        listeners.clear();
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        open.clear();
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket c = s.accept();
                open.add(c);
                THREADS.execute(() -> serve(c));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket c) {
        try (c) {
            // Idle connections are reaped eventually; a test's long-lived one may idle for minutes on a slow kernel.
            c.setSoTimeout(600_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = c.getOutputStream();
            while (true) {
                String requestLine = in.readLine();
                if (requestLine == null) {
                    return;
                }
                boolean close = requestLine.endsWith("HTTP/1.0");
                for (String h; (h = in.readLine()) != null && !h.isEmpty(); ) {
                    if (h.equalsIgnoreCase("connection: close")) {
                        close = true;
                    }
                }
                byte[] body = name.getBytes(StandardCharsets.UTF_8);
                String head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length + "\r\n"
                        + (close ? "Connection: close\r\n" : "") + "\r\n";
                out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
                if (close) {
                    return;
                }
            }
        } catch (IOException e) {
            // the peer went away, or this server was stopped
        } finally {
            open.remove(c);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
