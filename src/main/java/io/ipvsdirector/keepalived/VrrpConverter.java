package io.ipvsdirector.keepalived;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code vrrp_instance} blocks into VIP groups, with their tracked interfaces and {@code vrrp_script}s. */
final class VrrpConverter {
    private static final Set<String> NO_EQUIVALENT_QUIET = Set.of("state", "virtual_router_id", "preempt");
    private final Report report;
    private final Map<String, KNode> scripts;

    VrrpConverter(Report report, Map<String, KNode> scripts) {
        this.report = report;
        this.scripts = scripts;
    }

    /** One instance, named {@code groupName} as a VIP group; {@code unicast} collects its peers for the cluster section. */
    Target.VrrpGroup convert(KNode inst, String groupName, boolean chosen, List<Unicast> unicast) {
        String name = inst.arg(0).orElse("VI");
        String iface = inst.body().stream().filter(n -> n.keyword().equals("interface")).findFirst()
                .flatMap(n -> n.arg(0)).orElse("eth0");
        int priority = 100;
        boolean preempt = true;
        Optional<String> preemptDelay = Optional.empty();
        boolean trackPrimary = true;
        List<Target.Vip> vips = new ArrayList<>();
        List<String> trackIfs = new ArrayList<>();
        List<Target.TrackScript> trackScripts = new ArrayList<>();
        Optional<String> src = Optional.empty();
        List<String> peers = new ArrayList<>();
        String vrid = "";
        for (KNode n : inst.body()) {
            switch (n.keyword()) {
                case "interface" -> {
                }
                case "priority" -> priority = priority(n);
                case "nopreempt" -> preempt = false;
                case "preempt_delay" -> preemptDelay = Values.timerArg(n, report).map(ms -> {
                    long capped = Math.min(ms, 3_600_000);
                    if (capped != ms) {
                        report.approximated(n, "longer than this director's 1h; 1h was written");
                    }
                    return Values.duration(capped);
                });
                case "virtual_router_id" -> vrid = n.arg(0).orElse("");
                case "virtual_ipaddress" -> n.body().forEach(v -> vip(v, iface).ifPresent(vips::add));
                case "track_interface" -> n.body().forEach(t -> {
                    trackIfs.add(t.keyword());
                    if (t.args().contains("weight")) {
                        report.approximated(t, "a weighted track_interface lowers keepalived's priority; here a link down"
                                + " puts the director in FAULT");
                    }
                });
                case "track_script" -> n.body().forEach(t -> script(t).ifPresent(trackScripts::add));
                case "dont_track_primary" -> trackPrimary = false;
                case "unicast_src_ip" -> src = n.arg(0);
                case "unicast_peer" -> n.body().forEach(p -> peers.add(p.keyword()));
                case "advert_int" -> report.approximated(n, "failover timing is the cluster's beacon (cluster.beacon,"
                        + " default 100ms x 3), not a VRRP advert interval");
                case "authentication" -> report.dropped(n, "the cluster does not speak VRRP; its members are listed in"
                        + " cluster.members, and its messages are signed with cluster.key_file (make one with"
                        + " ipvs-director keygen FILE and copy it to every director)");
                case "notify_master", "notify_backup", "notify_fault", "notify_stop", "notify", "notify_master_rx_lower_pri" ->
                        report.dropped(n, "no per-state script; notify.script runs on every event with TYPE SUBJECT STATE JSON"
                                + " (a 'role' event with ACTIVE is keepalived's MASTER; docs/notify.md)");
                case "lvs_sync_daemon_interface", "lvs_sync_daemon_inteface" -> {
                }
                default -> {
                    if (!NO_EQUIVALENT_QUIET.contains(n.keyword())) {
                        report.dropped(n, "no equivalent for a VRRP instance; left out");
                    }
                }
            }
        }
        if (trackPrimary) {
            trackIfs.add(0, iface);
        }
        if (!peers.isEmpty() || src.isPresent()) {
            unicast.add(new Unicast(name, vrid, src, peers, inst.pos()));
        }
        return new Target.VrrpGroup(name, groupName, inst.pos(), priority, preempt, preemptDelay, vips,
                trackIfs.stream().distinct().toList(), trackScripts, chosen);
    }

    /** The unicast addresses of one instance. */
    record Unicast(String instance, String vrid, Optional<String> source, List<String> peers, SourcePos pos) {
    }

    private int priority(KNode n) {
        int p = Values.integerArg(n, 0, 1, 255, report).map(Long::intValue).orElse(100);
        if (p == 255) {
            report.approximated(n, "255 (address owner) is above this director's 254; 254 was written");
            return 254;
        }
        return p;
    }

    private Optional<Target.Vip> vip(KNode v, String instanceIface) {
        String address = v.keyword();
        if (!address.contains("/")) {
            address += Values.isIpv6(address) ? "/128" : "/32";
        }
        String dev = instanceIface;
        Optional<String> label = Optional.empty();
        List<String> a = v.args();
        for (int i = 0; i < a.size(); i++) {
            String w = a.get(i);
            switch (w) {
                case "dev" -> dev = i + 1 < a.size() ? a.get(++i) : dev;
                case "label" -> label = i + 1 < a.size() ? Optional.of(a.get(++i)) : label;
                case "brd", "broadcast", "scope", "peer", "metric", "preferred_lft", "valid_lft" -> {
                    report.dropped(v.pos(), w, "VIP option has no equivalent; the address is added with the kernel's defaults");
                    i++;
                }
                default -> report.dropped(v.pos(), w, "VIP option has no equivalent; left out");
            }
        }
        if (label.isPresent() && Values.isIpv6(address)) {
            report.dropped(v.pos(), "label", "IPv6 addresses take no label; left out");
            label = Optional.empty();
        }
        return Optional.of(new Target.Vip(address, dev, label, v.pos()));
    }

    private Optional<Target.TrackScript> script(KNode ref) {
        KNode def = scripts.get(ref.keyword());
        if (def == null) {
            report.dropped(ref, "no vrrp_script of this name; left out (keepalived ignores it too)");
            return Optional.empty();
        }
        List<String> command = List.of();
        long interval = 1000;
        Optional<Long> timeout = Optional.empty();
        int rise = 1;
        int fall = 1;
        boolean weighted = ref.args().contains("weight");
        for (KNode n : def.body()) {
            switch (n.keyword()) {
                case "script" -> command = ShellWords.split(n.joinedArgs());
                case "interval" -> interval = Values.timerArg(n, report).orElse(interval);
                case "timeout" -> timeout = Values.timerArg(n, report);
                case "rise" -> rise = Values.integerArg(n, 0, 100, report).map(Long::intValue).orElse(1);
                case "fall" -> fall = Values.integerArg(n, 0, 100, report).map(Long::intValue).orElse(1);
                case "weight" -> weighted |= n.arg(0).map(w -> !w.equals("0")).orElse(false);
                case "user" -> report.dropped(n, "track scripts run as the director's user; left out");
                default -> report.dropped(n, "no equivalent for a track script; left out");
            }
        }
        if (command.isEmpty() || !command.get(0).startsWith("/")) {
            report.dropped(def, "script '" + String.join(" ", command) + "' is not an absolute program path; this director"
                    + " runs track scripts without a shell or PATH search, so it was left out");
            return Optional.empty();
        }
        if (weighted) {
            report.approximated(ref, "a weighted script changes keepalived's priority; here a failing script puts the"
                    + " director in FAULT");
        }
        long iv = Math.max(100, Math.min(3_600_000, interval));
        long to = Math.min(iv, timeout.orElse(Math.min(1000, iv)));
        return Optional.of(new Target.TrackScript(command.get(0), command.subList(1, command.size()), Values.duration(iv),
                Values.duration(to), Math.max(1, rise), Math.max(1, fall), def.pos()));
    }
}
