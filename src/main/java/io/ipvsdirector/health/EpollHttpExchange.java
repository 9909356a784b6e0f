package io.ipvsdirector.health;

import io.ipvsdirector.config.CheckSpec;
import io.ipvsdirector.kernel.probe.SocketPath;
import io.ipvsdirector.kernel.probe.TcpConnector;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.net.Inet6Address;
import java.nio.ByteBuffer;

/**
 * One plain http probe over the kernel layer's {@link TcpConnector}: a non-blocking socket in the
 * same epoll loop as the tcp probes, the request sent and the response parsed on that loop's
 * thread, and the verdict handed to the Vert.x context that started the probe. One timer on that
 * context bounds the whole exchange; when it fires first it cancels the exchange, which closes the
 * socket, and only then reads the conversation's phase (the cancel's lock orders the two threads).
 */
final class EpollHttpExchange implements TcpConnector.Conversation {
    private final Vertx vertx;
    private final Context context;
    private final HttpConversation conversation;
    private final Promise<ProbeResult> outcome = Promise.promise();
    private volatile long timer = -1;

    EpollHttpExchange(Vertx vertx, HttpConversation conversation) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.conversation = conversation;
    }

    Future<ProbeResult> run(TcpConnector connector, ProbeTarget target) {
        CheckSpec spec = target.spec();
        SocketPath path;
        try {
            path = new SocketPath(target.address() instanceof Inet6Address, spec.source(), spec.bindInterface(),
                    spec.fwmark().orElse(0));
        } catch (IllegalArgumentException e) {
            return Future.succeededFuture(conversation.failed("connect: " + e.getMessage()));
        }
        TcpConnector.Attempt attempt = connector.exchange(path, target.address(), target.port(), conversation.request(), this);
        long timeout = conversation.timeoutMillis();
        // Set after the exchange starts: an outcome known at once reaches the context later, and a
        // timer that fires after the outcome finds the cancel refused.
        timer = vertx.setTimer(timeout, id -> {
            if (attempt.cancel()) {
                outcome.tryComplete(conversation.timedOut());
            }
        });
        return outcome.future();
    }

    @Override
    public void connected() {
        conversation.connected();
    }

    @Override
    public boolean received(ByteBuffer data) {
        ProbeResult result = conversation.received(data);
        if (result == null) {
            return false;
        }
        deliver(result);
        return true;
    }

    @Override
    public void ended(boolean connected, String failure) {
        if (!connected) {
            deliver(conversation.failed(TcpCheck.reason(failure)));
        } else if (failure.isEmpty()) {
            deliver(conversation.closedByServer());
        } else if (failure.equals("Connection reset by peer")) {
            deliver(conversation.failed(conversation.phase() + ": connection reset by server"));
        } else {
            deliver(conversation.failed(conversation.phase() + ": " + failure));
        }
    }

    private void deliver(ProbeResult result) {
        context.runOnContext(v -> {
            vertx.cancelTimer(timer);
            outcome.tryComplete(result);
        });
    }
}
