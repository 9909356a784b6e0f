package io.ipvsdirector.keepalived;

import java.util.ArrayList;
import java.util.List;

/**
 * The product has one VIP set today, so every instance's VIPs are written into it (in instance order)
 * and move together; the chosen instance gives node.priority and preemption. Emitting one VIP group
 * per instance later means replacing this one step.
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
            groups.add(new Target.VrrpGroup(g.name(), g.pos(), g.priority(), g.preempt(), g.preemptDelay(), kept,
                    g.trackInterfaces(), g.trackScripts(), g.chosen()));
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
                    + " the one VIP set with " + chosen + "'s and now fail over together (this director has one VIP group"
                    + " today); its priority " + g.priority() + " is not used");
        }
    }
}
