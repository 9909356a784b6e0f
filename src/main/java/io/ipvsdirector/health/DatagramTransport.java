package io.ipvsdirector.health;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Request/reply over a connected UDP socket, for the udp and dns checks. Vert.x's DatagramSocket
 * cannot connect, and only a connected socket hears the ICMP port unreachable a closed port sends
 * back, so this uses Netty (which Vert.x runs on) with one event-loop thread of its own. Every
 * exchange opens its own socket and closes it when it ends, also on timeout.
 */
final class DatagramTransport implements AutoCloseable {
    /** How an exchange ended. */
    sealed interface Outcome {
    }

    /** A datagram the caller accepted. */
    record Reply(byte[] bytes) implements Outcome {
    }

    /** No accepted datagram and no error within the timeout. */
    record Silence() implements Outcome {
    }

    /** The peer's host answered with ICMP port (or host) unreachable. */
    record Unreachable() implements Outcome {
    }

    /** A local failure: binding the source address, sending, ... */
    record Failed(String message) implements Outcome {
    }

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
            new DefaultThreadFactory("health-datagram", true), NioIoHandler.newFactory());

    /**
     * Sends {@code payload} to {@code remote} and waits for a datagram {@code accept} takes, until
     * {@code timeout}. Completes on the transport's own thread.
     */
    CompletionStage<Outcome> exchange(InetSocketAddress remote, Optional<InetAddress> source, byte[] payload,
                                      Predicate<byte[]> accept, Duration timeout) {
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        Bootstrap bootstrap = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                        byte[] bytes = ByteBufUtil.getBytes(packet.content());
                        if (accept.test(bytes)) {
                            outcome.complete(new Reply(bytes));
                        }
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        outcome.complete(cause instanceof PortUnreachableException
                                ? new Unreachable() : new Failed(String.valueOf(cause.getMessage())));
                    }
                });
        ChannelFuture connecting = source.isPresent()
                ? bootstrap.connect(remote, new InetSocketAddress(source.get(), 0))
                : bootstrap.connect(remote);
        Channel channel = connecting.channel();
        outcome.whenComplete((o, e) -> channel.close());
        connecting.addListener(f -> {
            if (!f.isSuccess()) {
                outcome.complete(new Failed(String.valueOf(f.cause().getMessage())));
                return;
            }
            var deadline = channel.eventLoop().schedule(() -> outcome.complete(new Silence()), timeout.toNanos(),
                    TimeUnit.NANOSECONDS);
            outcome.whenComplete((o, e) -> deadline.cancel(false));
            channel.writeAndFlush(Unpooled.wrappedBuffer(payload)).addListener(w -> {
                if (!w.isSuccess()) {
                    outcome.complete(w.cause() instanceof PortUnreachableException
                            ? new Unreachable() : new Failed("send: " + w.cause().getMessage()));
                }
            });
        });
        return outcome;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
