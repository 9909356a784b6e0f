package io.ipvsdirector.health;

import io.ipvsdirector.config.CheckSpec;
import io.ipvsdirector.kernel.probe.ProbeLoop;
import io.ipvsdirector.kernel.probe.SocketPath;
import io.ipvsdirector.kernel.probe.TcpConnector;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.net.Inet6Address;
import java.nio.ByteBuffer;

/**
 * One plain http probe over the kernel layer's {@link TcpConnector}, run on its probe loop: the
 * socket is watched, the request sent, the response parsed, the deadline kept and the verdict
 * given on that one thread. When the deadline comes first it cancels the exchange, which reads what
 * has already arrived before it closes the socket, and only then reads the conversation's phase.
 */
final class EpollHttpExchange implements TcpConnector.Conversation, Runnable {
    private final ProbeLoop loop;
    private final HttpConversation conversation;
    private final Promise<ProbeResult> outcome = Promise.promise();
    private TcpConnector.Attempt attempt;
    private ProbeLoop.Timer deadline;

    EpollHttpExchange(ProbeLoop loop, HttpConversation conversation) {
        this.loop = loop;
        this.conversation = conversation;
    }

    /** Starts the exchange; call on the loop's thread. */
    Future<ProbeResult> run(TcpConnector connector, ProbeTarget target) {
        CheckSpec spec = target.spec();
        SocketPath path;
        try {
            path = new SocketPath(target.address() instanceof Inet6Address, spec.source(), spec.bindInterface(),
                    spec.fwmark().orElse(0));
        } catch (IllegalArgumentException e) {
            return Future.succeededFuture(conversation.failed("connect: " + e.getMessage()));
        }
        attempt = connector.exchange(path, target.address(), target.port(), conversation.request(), this);
        if (!outcome.future().isComplete()) {
            deadline = loop.scheduleAt(conversation.start() + conversation.timeoutMillis() * 1_000_000, this);
        }
        return outcome.future();
    }

    /** The deadline. */
    @Override
    public void run() {
        if (attempt.cancel()) {
            outcome.tryComplete(conversation.timedOut());
        }
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
        if (deadline != null) {
            deadline.cancel();
        }
        outcome.tryComplete(result);
    }
}
