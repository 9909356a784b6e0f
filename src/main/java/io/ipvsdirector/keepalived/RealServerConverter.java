package io.ipvsdirector.keepalived;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** One {@code real_server} block: address, port, weight, thresholds, forwarding and its checker. */
final class RealServerConverter {
    private final Report report;
    private final CheckConverter checks;

    /** The real server, if it could be taken, and whether it asked for {@code inhibit_on_failure}. */
    record Result(Optional<Target.RealServer> realServer, boolean inhibit) {
    }

    RealServerConverter(Report report, CheckConverter checks) {
        this.report = report;
        this.checks = checks;
    }

    Result convert(KNode vs, KNode rs, Optional<Integer> vsPort, String vsForwarding, CheckConverter.Context ctx) {
        Optional<String> address = rs.arg(0);
        if (address.isEmpty()) {
            report.dropped(rs, "names no address; left out");
            return new Result(Optional.empty(), false);
        }
        Optional<Integer> port = Optional.empty();
        if (rs.arg(1).isPresent()) {
            port = Values.integerArg(rs, 1, 0, 65535, report).map(Long::intValue);
            if (port.isEmpty()) {
                return new Result(Optional.empty(), false);
            }
        }
        int weight = 1;
        Optional<Integer> upper = Optional.empty();
        Optional<Integer> lower = Optional.empty();
        Optional<String> forwarding = Optional.empty();
        Optional<Target.Tunnel> tunnel = Optional.empty();
        boolean inhibit = false;
        boolean alpha = false;
        List<KNode> timing = new ArrayList<>();
        vs.body().stream().filter(n -> VirtualServerConverter.CHECKER_DEFAULTS.contains(n.keyword())).forEach(timing::add);
        for (KNode n : rs.body()) {
            switch (n.keyword()) {
                case "weight" -> weight = Values.integerArg(n, 0, 65535, report).map(Long::intValue).orElse(1);
                case "uthreshold" -> upper = Values.integerArg(n, 0, Integer.MAX_VALUE, report).map(Long::intValue);
                case "lthreshold" -> lower = Values.integerArg(n, 0, Integer.MAX_VALUE, report).map(Long::intValue);
                case "lvs_method" -> {
                    Forwarding f = Forwarding.parse(n, report);
                    forwarding = Optional.of(f.method());
                    tunnel = f.tunnel();
                }
                case "inhibit_on_failure" -> {
                    inhibit = Values.bool(n);
                    if (inhibit && !vs.body().stream().anyMatch(k -> k.keyword().equals("inhibit_on_failure"))) {
                        report.approximated(n, "this director sets on_failure per virtual server; zero-weight now applies"
                                + " to every real server of this virtual server");
                    }
                }
                case "alpha" -> alpha = Values.bool(n);
                case "notify_up", "notify_down" -> report.dropped(n, "no per-real-server script; the director's"
                        + " notify.script receives every real server event (docs/notify.md)");
                case "smtp_alert" -> report.dropped(n, "this director sends no e-mail; use notify.script");
                default -> {
                    if (VirtualServerConverter.CHECKER_DEFAULTS.contains(n.keyword())) {
                        timing.add(n);
                    } else if (!CheckConverter.CHECKERS.contains(n.keyword())) {
                        report.dropped(n, "no equivalent for a real server; left out");
                    }
                }
            }
        }
        if (lower.isPresent() && upper.isEmpty()) {
            report.dropped(rs.pos(), "lthreshold", "the kernel refuses a lower threshold without an upper one; left out");
            lower = Optional.empty();
        }
        if (lower.isPresent() && lower.get() > upper.get()) {
            report.approximated(rs.pos(), "lthreshold", "is above uthreshold " + upper.get() + "; the upper threshold was written");
            lower = upper;
        }
        String effective = forwarding.orElse(vsForwarding);
        if (!effective.equals("nat") && port.isPresent() && vsPort.isPresent() && !port.equals(vsPort)) {
            // The kernel forwards DR and TUN to the virtual port whatever port was given.
            port = vsPort;
        }
        Optional<Integer> probePort = port.isPresent() ? port : vsPort;
        Target.Check check = checks.convert(rs, ctx.forRealServer(probePort, alpha, timing));
        if (vsPort.isEmpty() && port.isPresent()) {
            // keepalived clears the port of a fwmark service's real server (its checkers still probe it).
            report.note(rs.pos(), "real_server", "a fwmark service's real server takes no port (keepalived clears it"
                    + " too); its check probes port " + port.get());
            if (port.get() > 0 && !Set.of("none", "exec", "file").contains(check.type())
                    && check.settings().stream().noneMatch(st -> st.key().equals("port"))) {
                List<Target.Setting> settings = new ArrayList<>(check.settings());
                settings.add(new Target.Setting("port", port.get()));
                check = new Target.Check(check.type(), settings, check.comments());
            }
            port = Optional.empty();
        }
        return new Result(Optional.of(new Target.RealServer(address.get(), port, weight, upper, lower, forwarding, tunnel,
                check, rs.pos())), inhibit);
    }
}
