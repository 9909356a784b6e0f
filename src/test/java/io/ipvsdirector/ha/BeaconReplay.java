package io.ipvsdirector.ha;

import io.ipvsdirector.testkit.Netns;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real beacons captured from the cluster link (tcpdump -w in a director's namespace, UDP to the
 * cluster port) and sent again, byte for byte, from another host: what an attacker on the link can
 * do without any key. Replay protection must make them change nothing.
 */
final class BeaconReplay {
    static final int PORT = 5701;
    private final List<byte[]> payloads;

    private BeaconReplay(List<byte[]> payloads) {
        this.payloads = payloads;
    }

    /** Captures up to {@code count} beacons arriving in {@code ns} within {@code seconds}. */
    static BeaconReplay capture(String ns, Path file, int count, int seconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ip", "netns", "exec", ns, "tcpdump", "-i", "eth0", "-n", "-U", "-c",
                Integer.toString(count), "-w", file.toString(), "udp", "dst", "port", Integer.toString(PORT))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroy();
            p.waitFor(5, TimeUnit.SECONDS);
        }
        return new BeaconReplay(Files.exists(file) ? udpPayloads(Files.readAllBytes(file)) : List.of());
    }

    int size() {
        return payloads.size();
    }

    /** The UDP payloads of a pcap file of Ethernet frames carrying IPv4. */
    static List<byte[]> udpPayloads(byte[] pcap) {
        List<byte[]> out = new ArrayList<>();
        if (pcap.length < 24) {
            return out;
        }
        ByteBuffer b = ByteBuffer.wrap(pcap);
        int magic = b.getInt(0);
        b.order(magic == 0xa1b2c3d4 || magic == 0xa1b23c4d ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        int at = 24;
        while (at + 16 <= pcap.length) {
            int captured = b.getInt(at + 8);
            int frame = at + 16;
            if (frame + captured > pcap.length) {
                break;
            }
            int ip = frame + 14;
            if (captured > 14 + 20 + 8 && (pcap[frame + 12] & 0xff) == 0x08 && pcap[frame + 13] == 0x00
                    && pcap[ip + 9] == 17) {
                int udp = ip + (pcap[ip] & 0x0f) * 4;
                int length = ((pcap[udp + 4] & 0xff) << 8 | (pcap[udp + 5] & 0xff)) - 8;
                if (length > 0 && udp + 8 + length <= frame + captured) {
                    byte[] payload = new byte[length];
                    System.arraycopy(pcap, udp + 8, payload, 0, length);
                    out.add(payload);
                }
            }
            at = frame + captured;
        }
        return out;
    }

    /**
     * Sends {@code count} captured payloads (cycling) from namespace {@code ns} to each of
     * {@code targets}' cluster port, one datagram per write through bash's /dev/udp. Returns how many were sent.
     */
    int send(String ns, List<String> targets, int count, Path dir) throws IOException {
        if (payloads.isEmpty()) {
            return 0;
        }
        StringBuilder script = new StringBuilder();
        for (int i = 0; i < count; i++) {
            Path f = dir.resolve("replay-" + i + ".bin");
            Files.write(f, payloads.get(i % payloads.size()));
            for (String t : targets) {
                script.append("cat ").append(f).append(" > /dev/udp/").append(t).append('/').append(PORT).append('\n');
            }
        }
        Netns.run("ip", "netns", "exec", ns, "bash", "-c", script.toString());
        return count * targets.size();
    }
}
