package io.ipvsdirector.keepalived;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code virtual_server} blocks (one per address, group member or fwmark) into virtual services. */
final class VirtualServerConverter {
    /** Keywords a virtual server or real server hands down to its checkers. */
    static final Set<String> CHECKER_DEFAULTS = Set.of("delay_loop", "connect_timeout", "retry", "nb_get_retry",
            "delay_before_retry", "warmup");
    private static final long DEFAULT_DELAY_LOOP_MS = 60_000;

    private final Report report;
    private final CheckConverter checks;
    private final Map<String, KNode> groups;
    private final Map<String, KNode> trackFiles;

    VirtualServerConverter(Report report, Map<String, KNode> groups, Map<String, KNode> trackFiles) {
        this.report = report;
        this.checks = new CheckConverter(report);
        this.groups = groups;
        this.trackFiles = trackFiles;
    }

    List<Target.VirtualServer> convert(KNode vs) {
        List<Identity> identities = identities(vs);
        if (identities.isEmpty()) {
            return List.of();
        }
        Settings s = settings(vs);
        List<Target.VirtualServer> out = new ArrayList<>();
        for (Identity id : identities) {
            out.add(build(vs, id, s));
        }
        return out;
    }

    /** What {@code virtual_server} names: an address and port, a fwmark, or a group's members. */
    private record Identity(Optional<String> address, Optional<Integer> port, Optional<Long> fwmark, String comment) {
    }

    private List<Identity> identities(KNode vs) {
        List<String> a = vs.args();
        if (a.size() >= 2 && a.get(0).equals("fwmark")) {
            return Values.integerArg(vs, 1, 1, 4294967295L, report)
                    .map(m -> List.of(new Identity(Optional.empty(), Optional.empty(), Optional.of(m), ""))).orElse(List.of());
        }
        if (a.size() >= 2 && a.get(0).equals("group")) {
            KNode g = groups.get(a.get(1));
            if (g == null) {
                report.dropped(vs, "group '" + a.get(1) + "' is not defined by a virtual_server_group; left out (keepalived rejects it)");
                return List.of();
            }
            return groupMembers(g);
        }
        if (a.size() >= 2) {
            Optional<Long> port = Values.integerArg(vs, 1, 0, 65535, report);
            return port.map(p -> List.of(new Identity(Optional.of(a.get(0)), Optional.of(p.intValue()), Optional.empty(), "")))
                    .orElse(List.of());
        }
        if (a.size() == 1) {
            report.dropped(vs, "'" + a.get(0) + "' without a port; left out (this director needs a port, 0 for all ports)");
            return List.of();
        }
        report.dropped(vs, "names no address; left out");
        return List.of();
    }

    private List<Identity> groupMembers(KNode g) {
        List<Identity> out = new ArrayList<>();
        String comment = "from virtual_server_group " + g.arg(0).orElse("");
        for (KNode m : g.body()) {
            if (m.keyword().equals("fwmark")) {
                Values.integerArg(m, 0, 1, 4294967295L, report)
                        .ifPresent(f -> out.add(new Identity(Optional.empty(), Optional.empty(), Optional.of(f), comment)));
                continue;
            }
            Optional<Integer> port = m.arg(0).flatMap(Values::integer).filter(p -> p >= 0 && p <= 65535).map(Long::intValue);
            if (port.isEmpty()) {
                report.dropped(m, "a group member needs an address and a port; left out");
                continue;
            }
            for (String address : AddressRange.expand(m.keyword())) {
                out.add(new Identity(Optional.of(address), port, Optional.empty(), comment));
            }
            if (AddressRange.expand(m.keyword()).isEmpty()) {
                report.dropped(m, "'" + m.keyword() + "' is not an address or address range; left out");
            }
        }
        return out;
    }

    /** The virtual server's own keywords, read once for all its identities. */
    private record Settings(String protocol, String scheduler, List<String> flags, String forwarding,
                            Optional<Target.Tunnel> tunnel, Optional<Integer> persistenceTimeout,
                            Optional<String> netmask, Optional<String> engine, boolean zeroWeight, Optional<Integer> quorum,
                            Optional<Integer> hysteresis, Optional<Target.Sorry> sorry, Optional<String> family,
                            boolean alpha, Optional<String> virtualhost, List<String> comments) {
    }

    private Settings settings(KNode vs) {
        String protocol = "tcp";
        String scheduler = "wlc";
        List<String> flags = new ArrayList<>();
        Forwarding fwd = new Forwarding("nat", Optional.empty());
        Optional<Integer> persistence = Optional.empty();
        Optional<String> netmask = Optional.empty();
        Optional<String> engine = Optional.empty();
        boolean zeroWeight = false;
        Optional<Integer> quorum = Optional.empty();
        Optional<Integer> hysteresis = Optional.empty();
        Optional<String> sorryAddress = Optional.empty();
        Optional<Integer> sorryPort = Optional.empty();
        Optional<String> sorryFwd = Optional.empty();
        Optional<String> family = Optional.empty();
        boolean alpha = false;
        Optional<String> virtualhost = Optional.empty();
        List<String> comments = new ArrayList<>();
        for (KNode n : vs.body()) {
            switch (n.keyword()) {
                case "protocol" -> protocol = protocol(n);
                case "lb_algo", "lvs_sched" -> scheduler = scheduler(n);
                case "lb_kind", "lvs_method" -> fwd = Forwarding.parse(n, report);
                case "persistence_timeout" -> persistence = Values.integerArg(n, 0, Integer.MAX_VALUE, report).map(Long::intValue);
                case "persistence_granularity" -> netmask = n.arg(0);
                case "persistence_engine" -> engine = n.arg(0);
                case "inhibit_on_failure" -> zeroWeight = Values.bool(n);
                case "quorum" -> quorum = Values.integerArg(n, 0, Integer.MAX_VALUE, report).map(Long::intValue);
                case "hysteresis" -> hysteresis = Values.integerArg(n, 0, Integer.MAX_VALUE, report).map(Long::intValue);
                case "sorry_server" -> {
                    sorryAddress = n.arg(0);
                    sorryPort = n.arg(1).flatMap(Values::integer).map(Long::intValue);
                }
                case "sorry_server_lvs_method" -> sorryFwd = Optional.of(Forwarding.parse(n, report).method());
                case "ip_family" -> family = Optional.of(n.arg(0).orElse("inet").equals("inet6") ? "ipv6" : "ipv4");
                case "alpha" -> alpha = Values.bool(n);
                case "virtualhost" -> virtualhost = n.arg(0);
                case "ops" -> flags.add("one-packet");
                case "sh-port", "sh-fallback", "mh-port", "mh-fallback" -> flags.add(n.keyword());
                case "flag-1", "flag-2", "flag-3" -> flags.add(n.keyword());
                case "real_server" -> {
                }
                case "ha_suspend" -> report.approximated(n, "this director keeps its virtual servers in the table on every"
                        + " node; only the node holding the VIPs gets their traffic");
                case "omega" -> report.dropped(n, "no script is run when the table is emptied; the notify events report"
                        + " every real server change (docs/notify.md)");
                case "quorum_up", "quorum_down" -> report.dropped(n, "no per-virtual-server script; the director's"
                        + " notify.script receives quorum events (docs/notify.md)");
                case "smtp_alert" -> report.dropped(n, "this director sends no e-mail; use notify.script");
                case "nat_mask" -> report.dropped(n, "a keepalived 1.x keyword that keepalived 2 ignores; left out");
                case "sorry_server_inhibit" -> report.dropped(n, "the sorry server is added at its weight; no equivalent");
                default -> {
                    if (!CHECKER_DEFAULTS.contains(n.keyword())) {
                        report.dropped(n, "no equivalent for a virtual server; left out");
                    }
                }
            }
        }
        flags = flagNames(vs, scheduler, protocol, flags);
        if (quorum.isPresent() && hysteresis.isPresent() && hysteresis.get() >= Math.max(quorum.get(), 1)) {
            int h = Math.max(0, quorum.get() - 1);
            report.approximated(vs.pos(), "hysteresis", "this director needs hysteresis below the quorum " + quorum.get()
                    + "; " + h + " was written");
            hysteresis = Optional.of(h);
        }
        Optional<Target.Sorry> sorry = sorryAddress.map(a -> new Target.Sorry(a, Optional.empty(), Optional.empty()));
        if (sorryAddress.isPresent()) {
            sorry = Optional.of(new Target.Sorry(sorryAddress.get(), sorryPort, sorryFwd));
        }
        return new Settings(protocol, scheduler, flags, fwd.method(), fwd.tunnel(), persistence, netmask, engine, zeroWeight,
                quorum, hysteresis, sorry, family, alpha, virtualhost, comments);
    }

    private String protocol(KNode n) {
        String p = n.arg(0).orElse("TCP").toLowerCase();
        if (!Set.of("tcp", "udp", "sctp").contains(p)) {
            report.dropped(n, "'" + n.arg(0).orElse("") + "' is not TCP, UDP or SCTP; tcp was written");
            return "tcp";
        }
        return p;
    }

    private String scheduler(KNode n) {
        String s = n.arg(0).orElse("").toLowerCase();
        if (!io.ipvsdirector.config.Schedulers.ALL.contains(s)) {
            report.dropped(n, "'" + n.arg(0).orElse("") + "' is not an IPVS scheduler; wlc (the default) was written");
            return "wlc";
        }
        return s;
    }

    /** keepalived's flag-1/flag-2 mean fallback/port for sh and mh; keepalived ignores flags a scheduler does not take. */
    private List<String> flagNames(KNode vs, String scheduler, String protocol, List<String> raw) {
        List<String> out = new ArrayList<>();
        for (String f : raw) {
            String name = switch (f) {
                case "flag-1" -> scheduler + "-fallback";
                case "flag-2" -> scheduler + "-port";
                default -> f;
            };
            boolean fits = name.equals("one-packet") ? protocol.equals("udp") : name.startsWith(scheduler + "-");
            if (!fits || f.equals("flag-3")) {
                report.dropped(vs.pos(), f, "does nothing with scheduler " + scheduler + " and protocol " + protocol + "; left out");
            } else if (!out.contains(name)) {
                out.add(name);
            }
        }
        return out;
    }

    private Target.VirtualServer build(KNode vs, Identity id, Settings s) {
        List<Target.RealServer> reals = new ArrayList<>();
        boolean rsInhibit = false;
        for (KNode rs : vs.body()) {
            if (rs.keyword().equals("real_server")) {
                RealServerConverter.Result r = new RealServerConverter(report, checks).convert(vs, rs, id.port(), s.forwarding(),
                        new CheckConverter.Context(DEFAULT_DELAY_LOOP_MS, s.alpha(), s.virtualhost(),
                                Optional.empty(), trackFiles, List.of()));
                r.realServer().ifPresent(reals::add);
                rsInhibit |= r.inhibit();
            }
        }
        boolean zeroWeight = s.zeroWeight() || rsInhibit;
        Optional<String> family = id.fwmark().isEmpty() ? Optional.empty()
                : Optional.of(s.family().orElse(reals.stream().anyMatch(r -> Values.isIpv6(r.address())) ? "ipv6" : "ipv4"));
        List<String> comments = new ArrayList<>(s.comments());
        if (!id.comment().isEmpty()) {
            comments.add(id.comment());
        }
        return new Target.VirtualServer(vs.pos(), id.address(), id.port(), s.protocol(), id.fwmark(), family, s.scheduler(),
                s.flags(), s.forwarding(), s.tunnel(), s.persistenceTimeout(), s.netmask(), s.engine(), zeroWeight,
                s.quorum(), s.hysteresis(), s.sorry(), reals, comments);
    }
}
