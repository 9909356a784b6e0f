import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The floor under the tcp figures: one thread of plain NIO opening and closing RATE connections a
 * second to the farm's TCP servers (or, with NET 1 and PORT 8080, its HTTP servers, for a run without
 * tcp targets), with no framework at all. What a probe costs above this is the
 * director's; this much is the kernel's (on loopback, both ends' TCP work is charged to the
 * connecting process).
 *
 * Usage: RawConnectBaseline COUNT RATE SECONDS [NET PORT]    (default NET 2, PORT 9000: the TCP servers)
 */
public final class RawConnectBaseline {
    public static void main(String[] args) throws Exception {
        int targets = Integer.parseInt(args[0]);
        int rate = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        byte net = (byte) (args.length > 3 ? Integer.parseInt(args[3]) : 2);
        int port = args.length > 4 ? Integer.parseInt(args[4]) : 9000;
        Selector selector = Selector.open();
        long cpu0 = cpuTicks();
        long start = System.nanoTime();
        long done = 0;
        long next = start;
        long gap = 1_000_000_000L / rate;
        int i = 0;
        while (System.nanoTime() - start < seconds * 1_000_000_000L) {
            while (System.nanoTime() >= next) {
                SocketChannel ch = SocketChannel.open();
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                InetAddress a = InetAddress.getByAddress(new byte[] {127, net, (byte) (i / 250), (byte) (i % 250 + 1)});
                i = (i + 1) % targets;
                if (ch.connect(new InetSocketAddress(a, port))) {
                    ch.close();
                    done++;
                } else {
                    ch.register(selector, SelectionKey.OP_CONNECT);
                }
                next += gap;
            }
            selector.select(1);
            for (SelectionKey k : selector.selectedKeys()) {
                SocketChannel ch = (SocketChannel) k.channel();
                try {
                    ch.finishConnect();
                    done++;
                } catch (java.io.IOException e) {
                    // counted as not done
                }
                k.cancel();
                ch.close();
            }
            selector.selectedKeys().clear();
        }
        double secs = (System.nanoTime() - start) / 1e9;
        double cpu = (cpuTicks() - cpu0) / 100.0;
        System.out.printf("raw NIO baseline: %d connects in %.1f s, CPU %.1f %% of one core, %.1f us per connect%n",
                done, secs, 100 * cpu / secs, 1e6 * cpu / done);
    }

    static long cpuTicks() throws Exception {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        List<String> f = List.of(stat.substring(stat.lastIndexOf(')') + 2).split(" "));
        return Long.parseLong(f.get(11)) + Long.parseLong(f.get(12));
    }
}
