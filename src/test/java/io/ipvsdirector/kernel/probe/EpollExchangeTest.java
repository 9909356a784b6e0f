package io.ipvsdirector.kernel.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Exchanges of the epoll connector against a loopback server: a long request, and the read at the deadline. */
class EpollExchangeTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private EpollTcpConnector connector;
    private ServerSocket server;
    private ServerSocket other;

    @BeforeEach
    void open() throws IOException {
        connector = EpollTcpConnector.open();
        server = new ServerSocket(0, 50, LOOPBACK);
        other = new ServerSocket(0, 50, LOOPBACK);
    }

    @AfterEach
    void close() throws IOException {
        server.close();
        other.close();
        connector.close();
    }

    /** What a conversation was told, and what the waiting thread should do when it is told it is connected. */
    private static final class Recorder implements TcpConnector.Conversation {
        final StringBuilder heard = new StringBuilder();
        final CompletableFuture<String> ended = new CompletableFuture<>();
        final String enough;
        final Runnable onConnected;

        Recorder(String enough, Runnable onConnected) {
            this.enough = enough;
            this.onConnected = onConnected;
        }

        @Override
        public void connected() {
            onConnected.run();
        }

        @Override
        public boolean received(ByteBuffer data) {
            heard.append(StandardCharsets.ISO_8859_1.decode(data));
            boolean done = heard.toString().contains(enough);
            if (done) {
                ended.complete("enough");
            }
            return done;
        }

        @Override
        public void ended(boolean connected, String failure) {
            ended.complete(connected + " " + failure);
        }
    }

    private void serveOne(Consumer<Socket> session) {
        serveOne(server, session);
    }

    /** Accepts one connection on a thread of its own and hands it to {@code session}. */
    private static void serveOne(ServerSocket listener, Consumer<Socket> session) {
        Thread t = new Thread(() -> {
            try (Socket s = listener.accept()) {
                session.accept(s);
            } catch (IOException e) {
                // the test fails on what the connector reports
            }
        }, "test-server");
        t.setDaemon(true);
        t.start();
    }

    private static String read(InputStream in, int length) {
        try {
            return new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aRequestLongerThanOneWriteIsSentWholeAndTheAnswerRead() throws Exception {
        String request = "x".repeat(100_000) + "END";
        CompletableFuture<String> got = new CompletableFuture<>();
        serveOne(s -> {
            try {
                got.complete(read(s.getInputStream(), request.length()));
                s.getOutputStream().write("answer and more".getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
                read(s.getInputStream(), 1); // until the connector closes
            } catch (IOException e) {
                got.completeExceptionally(e);
            }
        });
        Recorder r = new Recorder("answer", () -> { });
        connector.exchange(SocketPath.of(false), LOOPBACK, server.getLocalPort(),
                request.getBytes(StandardCharsets.ISO_8859_1), r);
        assertEquals("enough", r.ended.get(10, TimeUnit.SECONDS));
        assertEquals(request, got.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aServerThatClosesEndsTheExchangeAsClosed() throws Exception {
        serveOne(s -> read(getInput(s), 4));
        Recorder r = new Recorder("never", () -> { });
        connector.exchange(SocketPath.of(false), LOOPBACK, server.getLocalPort(), "ping".getBytes(StandardCharsets.ISO_8859_1), r);
        assertEquals("true ", r.ended.get(10, TimeUnit.SECONDS), "connected, and closed by the server");
    }

    /**
     * The waiting thread is held (inside another exchange's callback) while the answer arrives; a
     * cancel at that moment reads the answer itself, tells the conversation, and reports that the
     * exchange had already ended. Loopback delivers a write at once, almost always; the scenario
     * is tried a few times so that a delivery the kernel deferred cannot fail the test.
     */
    @Test
    void aCancelReadsAnAnswerThatHasArrivedBeforeGivingUp() throws Exception {
        boolean drained = false;
        for (int attempt = 0; attempt < 5 && !drained; attempt++) {
            CountDownLatch requestRead = new CountDownLatch(1);
            CountDownLatch waiterHeld = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch written = new CountDownLatch(1);
            serveOne(s -> {
                read(getInput(s), 3);
                requestRead.countDown();
                await(waiterHeld);
                try {
                    s.getOutputStream().write("ok!".getBytes(StandardCharsets.ISO_8859_1));
                    s.getOutputStream().flush();
                } catch (IOException e) {
                    return;
                }
                written.countDown();
                await(release);
            });
            Recorder answered = new Recorder("ok!", () -> { });
            TcpConnector.Attempt first = connector.exchange(SocketPath.of(false), LOOPBACK, server.getLocalPort(),
                    "get".getBytes(StandardCharsets.ISO_8859_1), answered);
            // Only once the first request is out is the waiting thread held, in the second exchange.
            assertTrue(requestRead.await(10, TimeUnit.SECONDS), "the first request arrived");
            serveOne(other, s -> await(release));
            Recorder holder = new Recorder("never", () -> {
                waiterHeld.countDown();
                await(release);
            });
            TcpConnector.Attempt second = connector.exchange(SocketPath.of(false), LOOPBACK, other.getLocalPort(),
                    "x".getBytes(StandardCharsets.ISO_8859_1), holder);
            assertTrue(written.await(10, TimeUnit.SECONDS), "the server answered");
            boolean cancelled = first.cancel();
            release.countDown();
            second.cancel();
            if (!cancelled) {
                assertEquals("enough", answered.ended.getNow("not told"), "the cancel told the conversation");
                assertEquals("ok!", answered.heard.toString());
                drained = true;
            } else {
                assertFalse(answered.ended.isDone(), "a successful cancel tells nothing");
            }
        }
        assertTrue(drained, "in five tries, the cancel never read an answer that had arrived");
    }

    private static InputStream getInput(Socket s) {
        try {
            return s.getInputStream();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
