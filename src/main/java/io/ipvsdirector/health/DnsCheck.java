package io.ipvsdirector.health;

import io.ipvsdirector.config.CheckParams;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * dns: one query over UDP; the reply must have rcode NOERROR and, with {@code expect}, an answer of
 * the asked type whose value (or, for MX, SRV and SOA, whose host name) equals it.
 */
final class DnsCheck implements Check {
    private final ProbeClients clients;

    DnsCheck(ProbeClients clients) {
        this.clients = clients;
    }

    @Override
    public Future<ProbeResult> probe(ProbeTarget target) {
        long start = System.nanoTime();
        CheckParams.Dns params = (CheckParams.Dns) target.spec().params();
        int id = ThreadLocalRandom.current().nextInt(0x10000);
        Context context = clients.vertx().getOrCreateContext();
        Promise<ProbeResult> result = Promise.promise();
        clients.datagrams().exchange(new InetSocketAddress(target.address(), target.port()), target.spec().source(),
                        DnsMessage.query(id, params.query(), params.record()), bytes -> DnsMessage.isReplyTo(id, bytes),
                        target.spec().timeout())
                .whenComplete((outcome, error) -> context.runOnContext(v -> result.complete(
                        judge(params, outcome, target.spec().timeout().toMillis(), start))));
        return result.future();
    }

    private static ProbeResult judge(CheckParams.Dns params, DatagramTransport.Outcome outcome, long timeoutMillis,
                                     long start) {
        if (outcome instanceof DatagramTransport.Silence) {
            return ProbeResult.down("no DNS reply within " + timeoutMillis + "ms", start);
        }
        if (outcome instanceof DatagramTransport.Unreachable) {
            return ProbeResult.down("icmp port unreachable", start);
        }
        if (!(outcome instanceof DatagramTransport.Reply reply)) {
            return ProbeResult.down(outcome == null ? "send failed" : ((DatagramTransport.Failed) outcome).message(), start);
        }
        DnsMessage.Reply parsed;
        try {
            parsed = DnsMessage.parse(reply.bytes(), params.record());
        } catch (IllegalArgumentException e) {
            return ProbeResult.down(e.getMessage(), start);
        }
        String asked = params.record() + " " + params.query();
        if (!parsed.rcode().equals("NOERROR")) {
            return ProbeResult.down(asked + ": " + parsed.rcode(), start);
        }
        if (params.expect().isEmpty()) {
            return ProbeResult.up(asked + ": NOERROR, " + parsed.answers().size() + " answer(s)", start);
        }
        String expected = normalise(params.expect().get());
        for (String answer : parsed.answers()) {
            String value = normalise(answer);
            String[] fields = value.split(" ");
            String host = switch (params.record()) {
                case "MX" -> fields[fields.length - 1];
                case "SRV" -> fields[fields.length - 1];
                case "SOA" -> fields[0];
                default -> value;
            };
            if (value.equals(expected) || host.equals(expected)) {
                return ProbeResult.up(asked + ": " + answer, start);
            }
        }
        return ProbeResult.down(asked + ": no answer is " + params.expect().get()
                + (parsed.answers().isEmpty() ? " (no answers)" : " (got " + String.join(", ", parsed.answers()) + ")"), start);
    }

    /** Names compare without case and without a trailing dot. */
    private static String normalise(String value) {
        String v = value.toLowerCase(Locale.ROOT).trim();
        return v.endsWith(".") && v.length() > 1 ? v.substring(0, v.length() - 1) : v;
    }
}
