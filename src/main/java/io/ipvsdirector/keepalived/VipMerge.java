package io.ipvsdirector.keepalived;

import java.util.ArrayList;
import java.util.List;

/**
 * The top-level vips: every instance's VIPs in one set (in instance order) that moves together, the chosen
 * instance giving node.priority and preemption. Used for one instance (where it means exactly one VIP
 * group) and when the instances cannot be VIP groups ({@link InstanceGroups#fit}).
 */
final class VipMerge {
    private VipMerge() {
    }

    static List<Target.Vip> vips(Target.Config c) {
        List<Target.Vip> out = new ArrayList<>();
        c.groups().forEach(g -> out.addAll(g.vips()));
        return out;
    }

    /** The configuration without the VIP at {@code index} of {@link #vips}. */
    static Target.Config withoutVip(Target.Config c, int index) {
        List<Target.VrrpGroup> groups = new ArrayList<>();
        int i = 0;
        for (Target.VrrpGroup g : c.groups()) {
            List<Target.Vip> kept = new ArrayList<>();
            for (Target.Vip v : g.vips()) {
                if (i++ != index) {
                    kept.add(v);
                }
            }
            groups.add(g.withVips(kept));
        }
        return c.withGroups(groups);
    }

    /** Reports every VIP of an instance that is not the chosen one: it now moves with the chosen instance's VIPs. */
    static void report(List<Target.VrrpGroup> groups, Report report) {
        String chosen = groups.stream().filter(Target.VrrpGroup::chosen).map(Target.VrrpGroup::name).findFirst().orElse("");
        for (Target.VrrpGroup g : groups) {
            if (g.chosen()) {
                continue;
            }
            report.approximated(g.pos(), "vrrp_instance", g.name() + ": its " + g.vips().size() + " VIP(s) were merged into"
                    + " the one VIP set with " + chosen + "'s and now fail over together; its priority " + g.priority()
                    + " is not used");
        }
    }
}
