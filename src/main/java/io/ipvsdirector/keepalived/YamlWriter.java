package io.ipvsdirector.keepalived;

import java.util.List;

/** Writes the target model as this director's YAML, with a comment wherever the importer made a choice. */
final class YamlWriter {
    private final StringBuilder out = new StringBuilder();

    private YamlWriter() {
    }

    static String write(Target.Config c) {
        YamlWriter w = new YamlWriter();
        w.all(c);
        return w.out.toString();
    }

    void line(int indent, String text) {
        out.append("  ".repeat(indent)).append(text).append('\n');
    }

    void comment(int indent, String text) {
        line(indent, "# " + text);
    }

    void kv(int indent, String key, Object value) {
        line(indent, key + ": " + Yaml.scalar(value));
    }

    private void all(Target.Config c) {
        c.header().forEach(h -> comment(0, h));
        out.append('\n');
        node(c.node());
        if (c.grouped()) {
            comment(1, "priority and preemption are per VIP group: one group per vrrp_instance, below");
        }
        c.cluster().ifPresent(this::cluster);
        if (c.grouped()) {
            GroupWriter.write(this, c);
        } else {
            vips(c);
        }
        track(c.track());
        c.syncDaemon().ifPresent(this::sync);
        if (!c.virtualServers().isEmpty()) {
            out.append('\n');
            line(0, "virtual_servers:");
            String fwmarkGroup = c.grouped() ? c.groups().stream().filter(Target.VrrpGroup::chosen)
                    .map(Target.VrrpGroup::groupName).findFirst().orElse(null) : null;
            c.virtualServers().forEach(vs -> virtualServer(vs, fwmarkGroup));
        }
    }

    private void node(Target.Node n) {
        line(0, "node:");
        comment(1, "name from " + n.nameFrom());
        kv(1, "name", n.name());
        n.priority().ifPresent(p -> kv(1, "priority", p));
        n.preempt().ifPresent(p -> kv(1, "preempt", p));
        n.preemptDelay().ifPresent(d -> kv(1, "preempt_delay", d));
    }

    private void cluster(Target.Cluster c) {
        out.append('\n');
        line(0, "cluster:");
        comment(1, "from unicast_src_ip and unicast_peer (" + c.pos() + "); the cluster port 5701 is this director's own");
        kv(1, "name", c.name());
        kv(1, "bind", c.bind());
        line(1, "members:");
        c.members().forEach(m -> line(2, "- " + Yaml.scalar(m)));
    }

    private void vips(Target.Config c) {
        List<Target.Vip> vips = VipMerge.vips(c);
        if (vips.isEmpty()) {
            return;
        }
        out.append('\n');
        line(0, "vips:");
        String group = null;
        for (Target.VrrpGroup g : c.groups()) {
            for (Target.Vip v : g.vips()) {
                if (!g.name().equals(group)) {
                    comment(1, "vrrp_instance " + g.name() + (g.chosen() ? "" : " (moves with the others now: one VIP set)"));
                    group = g.name();
                }
                line(1, "- address: " + Yaml.scalar(v.address()));
                kv(2, "interface", v.device());
                v.label().ifPresent(l -> kv(2, "label", l));
            }
        }
    }

    void blank() {
        out.append('\n');
    }

    private void track(Target.Track t) {
        if (t.interfaces().isEmpty() && t.scripts().isEmpty()) {
            return;
        }
        out.append('\n');
        line(0, "track:");
        if (!t.interfaces().isEmpty()) {
            comment(1, "keepalived tracks the instance's interface and its track_interface list");
            kv(1, "interfaces", t.interfaces());
        }
        if (!t.scripts().isEmpty()) {
            scripts(1, t.scripts());
        }
    }

    /** {@code scripts:} at {@code indent}, as the top-level track and a group's track write it. */
    void scripts(int indent, List<Target.TrackScript> scripts) {
        line(indent, "scripts:");
        for (Target.TrackScript s : scripts) {
            comment(indent + 1, "vrrp_script at " + s.pos());
            line(indent + 1, "- path: " + Yaml.scalar(s.path()));
            if (!s.args().isEmpty()) {
                kv(indent + 2, "args", s.args());
            }
            kv(indent + 2, "interval", s.interval());
            kv(indent + 2, "timeout", s.timeout());
            kv(indent + 2, "rise", s.rise());
            kv(indent + 2, "fall", s.fall());
        }
    }

    private void sync(Target.SyncDaemon s) {
        out.append('\n');
        line(0, "sync_daemon:");
        comment(1, "from " + s.pos());
        kv(1, "interface", s.iface());
        s.syncId().ifPresent(v -> kv(1, "sync_id", v));
        s.maxLength().ifPresent(v -> kv(1, "max_length", v));
        s.group().ifPresent(v -> kv(1, "group", v));
        s.port().ifPresent(v -> kv(1, "port", v));
        s.ttl().ifPresent(v -> kv(1, "ttl", v));
    }

    /** {@code fwmarkGroup}: the group a fwmark service names, or null without VIP groups. */
    private void virtualServer(Target.VirtualServer vs, String fwmarkGroup) {
        out.append('\n');
        comment(1, "virtual_server at " + vs.pos());
        vs.comments().forEach(c -> comment(1, c));
        if (vs.fwmark().isPresent()) {
            line(1, "- fwmark: " + vs.fwmark().get());
            kv(2, "family", vs.family().orElse("ipv4"));
            if (fwmarkGroup != null) {
                comment(2, "the MASTER (else first) instance's group; a fwmark service is on no VIP, so it names one");
                kv(2, "group", fwmarkGroup);
            }
        } else {
            line(1, "- address: " + Yaml.scalar(vs.address().orElseThrow()));
            kv(2, "port", vs.port().orElseThrow());
            kv(2, "protocol", vs.protocol());
        }
        kv(2, "scheduler", vs.scheduler());
        if (!vs.flags().isEmpty()) {
            kv(2, "scheduler_flags", vs.flags());
        }
        kv(2, "forwarding", vs.forwarding());
        vs.tunnel().ifPresent(t -> tunnel(2, t));
        if (vs.persistenceTimeout().isPresent() || vs.persistenceNetmask().isPresent() || vs.persistenceEngine().isPresent()) {
            line(2, "persistence:");
            kv(3, "timeout", Values.duration(Math.max(1, vs.persistenceTimeout().orElse(300)) * 1000L));
            vs.persistenceNetmask().ifPresent(m -> kv(3, "netmask", m));
            vs.persistenceEngine().ifPresent(e -> kv(3, "engine", e));
        }
        if (vs.zeroWeight()) {
            comment(2, "inhibit_on_failure");
            kv(2, "on_failure", "zero-weight");
        }
        vs.quorum().ifPresent(q -> kv(2, "quorum", q));
        vs.hysteresis().ifPresent(h -> kv(2, "hysteresis", h));
        vs.sorry().ifPresent(this::sorry);
        if (vs.realServers().isEmpty()) {
            kv(2, "real_servers", List.of());
            return;
        }
        line(2, "real_servers:");
        vs.realServers().forEach(this::realServer);
    }

    private void tunnel(int indent, Target.Tunnel t) {
        line(indent, "tunnel:");
        kv(indent + 1, "type", t.type());
        t.port().ifPresent(p -> kv(indent + 1, "port", p));
        t.checksum().ifPresent(c -> kv(indent + 1, "checksum", c));
    }

    private void sorry(Target.Sorry s) {
        line(2, "sorry_server:");
        kv(3, "address", s.address());
        s.port().ifPresent(p -> kv(3, "port", p));
        s.forwarding().ifPresent(f -> kv(3, "forwarding", f));
    }

    private void realServer(Target.RealServer rs) {
        line(3, "- address: " + Yaml.scalar(rs.address()) + "   # real_server at " + rs.pos());
        rs.port().ifPresent(p -> kv(4, "port", p));
        kv(4, "weight", rs.weight());
        rs.upper().ifPresent(u -> kv(4, "upper_threshold", u));
        rs.lower().ifPresent(l -> kv(4, "lower_threshold", l));
        rs.forwarding().ifPresent(f -> kv(4, "forwarding", f));
        rs.tunnel().ifPresent(t -> tunnel(4, t));
        Target.Check c = rs.check();
        c.comments().forEach(t -> comment(4, t));
        line(4, "check:");
        kv(5, "type", c.type());
        c.settings().forEach(s -> kv(5, s.key(), s.value()));
    }
}
