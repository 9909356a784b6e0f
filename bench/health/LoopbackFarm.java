import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The real servers of the health-check benchmark, in a process of their own so that their CPU is
 * not counted as the director's: HTTP servers on 127.1.X.Y:8080 and TCP servers on 127.2.X.Y:9000
 * (Linux routes all of 127/8 to lo), one listening socket per address. Five times a second it writes the
 * number of connections accepted so far to a file, which the benchmark reads to count probes.
 *
 * Usage: LoopbackFarm HTTP_COUNT TCP_COUNT COUNTER_FILE
 */
public final class LoopbackFarm {
    private static final ByteBuf RESPONSE = Unpooled.unreleasableBuffer(Unpooled.copiedBuffer(
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n",
            StandardCharsets.US_ASCII));
    private static final AtomicLong CONNECTIONS = new AtomicLong();

    public static void main(String[] args) throws Exception {
        try {
            serve(args);
        } catch (Exception e) {
            // Netty's threads would keep a half-started farm alive: end the process.
            System.err.println("farm: " + e);
            System.exit(1);
        }
    }

    private static void serve(String[] args) throws Exception {
        int http = Integer.parseInt(args[0]);
        int tcp = Integer.parseInt(args[1]);
        Path counter = Path.of(args[2]);
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        ServerBootstrap httpServer = server(boss, workers, true);
        ServerBootstrap tcpServer = server(boss, workers, false);
        for (int i = 0; i < http; i++) {
            httpServer.bind(address(1, i), 8080).sync();
        }
        for (int i = 0; i < tcp; i++) {
            tcpServer.bind(address(2, i), 9000).sync();
        }
        System.out.println("farm: listening on " + http + " HTTP and " + tcp + " TCP addresses");
        Path partial = counter.resolveSibling(counter.getFileName() + ".partial");
        while (true) {
            // Written aside and renamed, so that a reader never sees a half-written number.
            Files.writeString(partial, CONNECTIONS.get() + "\n");
            Files.move(partial, counter, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            Thread.sleep(200);
        }
    }

    /** 127.NET.X.Y for the i-th server of a kind, skipping .0 and .255. */
    static InetAddress address(int net, int i) throws Exception {
        return InetAddress.getByAddress(new byte[] {127, (byte) net, (byte) (i / 250), (byte) (i % 250 + 1)});
    }

    private static ServerBootstrap server(EventLoopGroup boss, EventLoopGroup workers, boolean http) {
        return new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        CONNECTIONS.incrementAndGet();
                        if (!http) {
                            ch.close();
                            return;
                        }
                        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            private boolean answered;

                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ReferenceCountUtil.release(msg);
                                if (!answered) {
                                    answered = true;
                                    ctx.writeAndFlush(RESPONSE.duplicate()).addListener(ChannelFutureListener.CLOSE);
                                }
                            }

                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                ctx.close();
                            }
                        });
                    }
                });
    }
}
