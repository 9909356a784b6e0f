package io.ipvsdirector.director;

import io.ipvsdirector.cluster.ClusterNode;
import io.ipvsdirector.cluster.ElectionGroup;
import io.ipvsdirector.cluster.GroupPlan;
import io.ipvsdirector.cluster.Trackers;
import io.ipvsdirector.config.DirectorConfig;
import io.ipvsdirector.config.TrackConfig;
import io.ipvsdirector.config.VipGroupConfig;
import io.ipvsdirector.net.HostPort;
import io.ipvsdirector.vip.VipGroups;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Optional;

/** The configuration's VIP groups as the cluster's elections, with their VIPs and their trackers. */
final class ElectionGroups {
    private ElectionGroups() {
    }

    /** One election per group or sync group ({@link GroupPlan}), each owning its groups' VIPs. */
    static List<ElectionGroup> of(DirectorConfig config, VipGroups vips) {
        List<String> members = config.cluster().members().stream().map(HostPort::toString).toList();
        Optional<String> self = config.cluster().bind().map(HostPort::toString);
        return GroupPlan.units(config.vipGroups(), config.syncGroups(), members, self).stream()
                .map(u -> new ElectionGroup(u.name(), u.vipGroups(), u.priority(), u.preempt(), u.preemptDelay(),
                        vips.ownership(u.vipGroups())))
                .toList();
    }

    /**
     * Starts the trackers: the top-level {@code track} faults every group (one tracker each, however
     * many groups), and what a group's own {@code track} adds faults only that group (and its sync group).
     */
    static void track(Vertx vertx, ClusterNode cluster, DirectorConfig config) {
        cluster.track(Trackers.of(vertx, config.track()));
        for (VipGroupConfig g : config.vipGroups()) {
            TrackConfig own = ownTrack(g.track(), config.track());
            if (!own.interfaces().isEmpty() || own.gateway().isPresent() || !own.scripts().isEmpty()) {
                cluster.track(Optional.of(g.name()), Trackers.of(vertx, own));
            }
        }
    }

    /** What {@code group} tracks beyond the top-level {@code track} (which it already includes). */
    static TrackConfig ownTrack(TrackConfig group, TrackConfig top) {
        return new TrackConfig(group.interfaces().stream().filter(i -> !top.interfaces().contains(i)).toList(),
                group.gateway().filter(gw -> !top.gateway().equals(Optional.of(gw))),
                group.scripts().stream().filter(s -> !top.scripts().contains(s)).toList());
    }
}
