package io.ipvsdirector.config;

import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Binds {@code sync_groups}: lists of VIP group names that are always owned by the same director. */
final class SyncGroupBinder {
    private SyncGroupBinder() {
    }

    /** {@code explicit}: the file has vip_groups; the single group of the top-level vips has nothing to sync with. */
    static List<List<String>> bind(Section top, List<VipGroupConfig> groups, boolean explicit) {
        List<Section.Item> items = top.list("sync_groups");
        if (!items.isEmpty() && !explicit) {
            top.problem("sync_groups", "needs vip_groups: the top-level vips are a single group");
            return List.of();
        }
        Map<String, VipGroupConfig> byName = new HashMap<>();
        groups.forEach(g -> byName.put(g.name(), g));
        Map<String, String> firstSync = new HashMap<>();
        List<List<String>> out = new ArrayList<>();
        for (Section.Item item : items) {
            if (!(item.value() instanceof JsonArray names)) {
                top.problems().add(item.path(), "must be a list of group names, as [outside, inside], got "
                        + Section.describe(item.value()));
                continue;
            }
            if (names.size() < 2) {
                top.problems().add(item.path(), "a sync group needs at least two groups, got " + names.size());
            }
            List<String> members = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                String path = item.path() + "[" + i + "]";
                Object v = names.getValue(i);
                if (!(v instanceof String name)) {
                    top.problems().add(path, "must be a group name, got " + Section.describe(v));
                } else if (!byName.containsKey(name)) {
                    top.problems().add(path, "unknown group '" + name + "'; groups: "
                            + String.join(", ", groups.stream().map(VipGroupConfig::name).toList())
                            + DidYouMean.suggest(name, byName.keySet()));
                } else if (members.contains(name)) {
                    top.problems().add(path, "names group '" + name + "' twice");
                } else if (firstSync.containsKey(name)) {
                    top.problems().add(path, "group '" + name + "' is already in " + firstSync.get(name)
                            + "; a group moves with one sync group only");
                } else {
                    firstSync.put(name, item.path());
                    members.add(name);
                }
            }
            checkKinds(top, item.path(), members.stream().map(byName::get).toList());
            if (members.size() >= 2) {
                out.add(members);
            }
        }
        return out;
    }

    /** A sync group is elected as one, so its groups must all be elected the same way. */
    private static void checkKinds(Section top, String path, List<VipGroupConfig> members) {
        List<String> balanced = members.stream().filter(VipGroupConfig::balance).map(VipGroupConfig::name).toList();
        List<String> prioritised = members.stream().filter(g -> !g.balance()).map(VipGroupConfig::name).toList();
        if (!balanced.isEmpty() && !prioritised.isEmpty()) {
            top.problems().add(path, "mixes balanced groups (" + String.join(", ", balanced) + ") with groups that have"
                    + " a priority (" + String.join(", ", prioritised) + "); a sync group moves as one, so its groups"
                    + " must all be balanced or all have a priority");
        }
    }
}
