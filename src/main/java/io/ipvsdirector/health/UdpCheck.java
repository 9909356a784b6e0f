package io.ipvsdirector.health;

import io.ipvsdirector.config.CheckParams;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.net.InetSocketAddress;
import java.util.HexFormat;

/**
 * udp: send the payload on a connected socket. An ICMP port unreachable is a failure; silence is a
 * success unless a reply is required; a reply must start with the expected bytes ("??" = any byte).
 */
final class UdpCheck implements Check {
    private final ProbeClients clients;

    UdpCheck(ProbeClients clients) {
        this.clients = clients;
    }

    @Override
    public Future<ProbeResult> probe(ProbeTarget target) {
        long start = System.nanoTime();
        CheckParams.Udp params = (CheckParams.Udp) target.spec().params();
        Context context = clients.vertx().getOrCreateContext();
        Promise<ProbeResult> result = Promise.promise();
        clients.datagrams().exchange(new InetSocketAddress(target.address(), target.port()), target.spec().source(),
                HexFormat.of().parseHex(params.payload()), reply -> true, target.spec().timeout())
                .whenComplete((outcome, error) -> context.runOnContext(v -> result.complete(
                        judge(params, outcome, target.spec().timeout().toMillis(), start))));
        return result.future();
    }

    private static ProbeResult judge(CheckParams.Udp params, DatagramTransport.Outcome outcome, long timeoutMillis,
                                     long start) {
        if (outcome instanceof DatagramTransport.Reply reply) {
            if (params.expect().isPresent() && !matches(params.expect().get(), reply.bytes())) {
                return ProbeResult.down("reply " + preview(reply.bytes()) + " does not start with "
                        + params.expect().get(), start);
            }
            return ProbeResult.up("reply of " + reply.bytes().length + " bytes", start);
        }
        if (outcome instanceof DatagramTransport.Silence) {
            return params.requireReply()
                    ? ProbeResult.down("no reply within " + timeoutMillis + "ms", start)
                    : ProbeResult.up("no ICMP unreachable within " + timeoutMillis + "ms", start);
        }
        if (outcome instanceof DatagramTransport.Unreachable) {
            return ProbeResult.down("icmp port unreachable", start);
        }
        return ProbeResult.down(outcome == null ? "send failed" : ((DatagramTransport.Failed) outcome).message(), start);
    }

    /** Whether {@code bytes} starts with the hex {@code pattern}, in which "??" matches any byte. */
    static boolean matches(String pattern, byte[] bytes) {
        if (bytes.length < pattern.length() / 2) {
            return false;
        }
        for (int i = 0; i < pattern.length() / 2; i++) {
            String pair = pattern.substring(2 * i, 2 * i + 2);
            if (!pair.equals("??") && (byte) Integer.parseInt(pair, 16) != bytes[i]) {
                return false;
            }
        }
        return true;
    }

    private static String preview(byte[] bytes) {
        int shown = Math.min(bytes.length, 16);
        return HexFormat.of().formatHex(bytes, 0, shown) + (bytes.length > shown ? "..." : "");
    }
}
