package io.ipvsdirector.keepalived;

import java.util.Optional;

/** {@code lb_kind}/{@code lvs_method}: NAT, DR or TUN, with TUN's {@code type ipip|gue|gre}, GUE's port and checksum words. */
record Forwarding(String method, Optional<Target.Tunnel> tunnel) {
    static Forwarding parse(KNode n, Report report) {
        String m = n.arg(0).orElse("").toUpperCase();
        switch (m) {
            case "NAT":
                return new Forwarding("nat", Optional.empty());
            case "DR":
                return new Forwarding("dr", Optional.empty());
            case "TUN":
                return new Forwarding("tun", tunnel(n, report));
            default:
                report.dropped(n, "'" + n.arg(0).orElse("") + "' is not NAT, DR or TUN (keepalived rejects it); nat was written");
                return new Forwarding("nat", Optional.empty());
        }
    }

    private static Optional<Target.Tunnel> tunnel(KNode n, Report report) {
        String type = "ipip";
        Optional<Integer> port = Optional.empty();
        Optional<String> checksum = Optional.empty();
        for (int i = 1; i < n.args().size(); i++) {
            String w = n.args().get(i);
            switch (w) {
                case "type" -> type = n.arg(++i).orElse("ipip").toLowerCase();
                case "port" -> port = n.arg(++i).flatMap(Values::integer).map(Long::intValue);
                case "nocsum", "csum", "remcsum" -> checksum = Optional.of(w);
                default -> report.dropped(n.pos(), n.keyword(), "tunnel option '" + w + "' is not known; left out");
            }
        }
        if (type.equals("ipip") && port.isEmpty() && checksum.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Target.Tunnel(type, port, checksum));
    }
}
