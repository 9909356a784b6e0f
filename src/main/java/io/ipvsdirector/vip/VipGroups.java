package io.ipvsdirector.vip;

import io.ipvsdirector.cluster.VipOwnership;
import io.ipvsdirector.config.VipGroupConfig;
import io.ipvsdirector.kernel.netlink.KernelThread;
import io.ipvsdirector.kernel.packet.Announcer;
import io.ipvsdirector.kernel.rtnl.AddressTable;
import io.ipvsdirector.notify.EventSink;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link VipManager} per VIP group, each with its group's VIPs and announce settings, and the
 * ownership of an election (a group, or a sync group's groups taken and released as one).
 */
public final class VipGroups {
    private static final Logger LOG = LoggerFactory.getLogger(VipGroups.class);

    private final Map<String, VipManager> managers = new LinkedHashMap<>();
    /** The groups as configured now: what a reload compares with. */
    private List<VipGroupConfig> groups;

    public VipGroups(Vertx vertx, List<VipGroupConfig> groups, AddressTable addresses, Announcer announcer,
                     KernelThread kernel, EventSink events) {
        this.groups = List.copyOf(groups);
        for (VipGroupConfig g : groups) {
            managers.put(g.name(), new VipManager(vertx, g.vips(), g.announce(), addresses, announcer, kernel, events));
        }
    }

    /** The manager of {@code group}. */
    public VipManager group(String group) {
        VipManager m = managers.get(group);
        if (m == null) {
            throw new IllegalArgumentException("no VIP group " + group);
        }
        return m;
    }

    /** Every group's manager, in configuration order. */
    public Map<String, VipManager> all() {
        return java.util.Collections.unmodifiableMap(managers);
    }

    /** The VIPs held now, over every group. */
    public int held() {
        return managers.values().stream().filter(VipManager::holding).mapToInt(m -> m.vips().size()).sum();
    }

    public long announcements() {
        return managers.values().stream().mapToLong(VipManager::announcements).sum();
    }

    public long announcementFailures() {
        return managers.values().stream().mapToLong(VipManager::announcementFailures).sum();
    }

    /**
     * A reload: each group that stays updates its VIPs and announce settings in place. Groups added
     * or removed, and a group's election settings, need a restart (an election cannot be added to a
     * running cluster node, nor its priority changed under it).
     */
    public Future<Void> update(List<VipGroupConfig> next) {
        List<String> names = next.stream().map(VipGroupConfig::name).toList();
        if (!names.equals(List.copyOf(managers.keySet()))) {
            LOG.warn("reload: vip_groups added, removed or renamed take effect when the director restarts;"
                    + " the VIPs of the groups that stay are updated now");
        }
        for (VipGroupConfig g : next) {
            groups.stream().filter(old -> old.name().equals(g.name()) && !sameElection(old, g)).findFirst()
                    .ifPresent(old -> LOG.warn("reload: group {}: its priority, balance, preempt or preempt_delay"
                            + " take effect when the director restarts", g.name()));
        }
        groups = List.copyOf(next);
        List<Future<Void>> updates = next.stream().filter(g -> managers.containsKey(g.name()))
                .map(g -> managers.get(g.name()).update(g.vips(), g.announce())).toList();
        return Future.all(updates).mapEmpty();
    }

    private static boolean sameElection(VipGroupConfig a, VipGroupConfig b) {
        return a.priority().equals(b.priority()) && a.balance() == b.balance() && a.preempt() == b.preempt()
                && a.preemptDelay().equals(b.preemptDelay());
    }

    /** The ownership of an election standing for {@code groups}: all of them taken and released together. */
    public VipOwnership ownership(List<String> groups) {
        List<VipManager> members = groups.stream().map(this::group).toList();
        return members.size() == 1 ? members.get(0) : new Together(members);
    }

    /** Several groups' VIPs as one. */
    private record Together(List<VipManager> members) implements VipOwnership {
        private Future<Void> each(Function<VipManager, Future<Void>> call) {
            return Future.all(members.stream().map(call).toList()).mapEmpty();
        }

        @Override
        public Future<Void> clearStale() {
            return each(VipManager::clearStale);
        }

        @Override
        public Future<Void> acquire(long epoch) {
            return each(m -> m.acquire(epoch));
        }

        @Override
        public Future<Void> release() {
            return each(VipManager::release);
        }

        @Override
        public Future<Void> reannounce() {
            return each(VipManager::reannounce);
        }

        @Override
        public void holdAnnouncements() {
            members.forEach(VipManager::holdAnnouncements);
        }
    }
}
