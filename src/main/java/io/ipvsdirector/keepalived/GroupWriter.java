package io.ipvsdirector.keepalived;

/** Writes the vrrp_instances as vip_groups and the vrrp_sync_groups as sync_groups. */
final class GroupWriter {
    private GroupWriter() {
    }

    static void write(YamlWriter w, Target.Config c) {
        w.blank();
        w.line(0, "vip_groups:");
        for (Target.VrrpGroup g : c.groups()) {
            w.comment(1, "vrrp_instance " + g.name() + " at " + g.pos());
            w.line(1, "- name: " + Yaml.scalar(g.groupName()));
            w.kv(2, "priority", g.priority());
            w.kv(2, "preempt", g.preempt());
            g.preemptDelay().ifPresent(d -> w.kv(2, "preempt_delay", d));
            if (g.vips().isEmpty()) {
                w.kv(2, "vips", java.util.List.of());
            } else {
                w.line(2, "vips:");
                for (Target.Vip v : g.vips()) {
                    w.line(3, "- address: " + Yaml.scalar(v.address()));
                    w.kv(4, "interface", v.device());
                    v.label().ifPresent(l -> w.kv(4, "label", l));
                }
            }
            if (!g.trackInterfaces().isEmpty() || !g.trackScripts().isEmpty()) {
                w.line(2, "track:");
                if (!g.trackInterfaces().isEmpty()) {
                    w.comment(3, "keepalived tracks the instance's interface and its track_interface list");
                    w.kv(3, "interfaces", g.trackInterfaces());
                }
                if (!g.trackScripts().isEmpty()) {
                    w.scripts(3, g.trackScripts());
                }
            }
        }
        if (c.syncGroups().isEmpty()) {
            return;
        }
        w.blank();
        w.line(0, "sync_groups:");
        for (Target.SyncGroup s : c.syncGroups()) {
            w.comment(1, "vrrp_sync_group " + s.name() + " at " + s.pos());
            w.line(1, "- " + Yaml.scalar(s.groups()));
        }
    }
}
