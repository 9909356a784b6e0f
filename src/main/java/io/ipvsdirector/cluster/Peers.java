package io.ipvsdirector.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this director knows of its peers: the cluster's member order (Hazelcast), each peer's latest
 * state (the freshest copy of the map and the beacon), and when its beacon was last heard.
 *
 * <p>A peer takes part in the election when it is a member and is not silent. Silent means: it has
 * beaconed before, and nothing fresh (a beacon, or a newer state through the map) has come from it
 * for {@code silentAfter}. A member whose beacon was never heard counts as alive on Hazelcast's
 * word alone (UDP may be filtered); it is then only noticed dead after Hazelcast's
 * {@code dead_after}.
 *
 * <p>Flap damping: a peer declared silent that is heard again within its timeout was not dead,
 * only late (a stalled host, a congested link). Its timeout doubles, up to eight times the base,
 * so that a peer that keeps stalling does not move the VIPs back and forth; the timeout halves
 * again after each quiet minute.
 */
final class Peers {
    private static final Logger LOG = LoggerFactory.getLogger(Peers.class);

    private static final long QUIET_NANOS = 60_000_000_000L;
    static final long UNHEARD_GRACE_NANOS = 2_000_000_000L;
    private static final int MAX_FACTOR = 8;

    private final long silentNanos;
    /** Per peer: its current timeout (damped), when it was declared silent, when its timeout last grew. */
    private final Map<String, Long> timeout = new HashMap<>();
    private final Map<String, Long> silentSince = new HashMap<>();
    private final Map<String, Long> dampedAt = new HashMap<>();
    /** When each member was first seen in the member list; a member never heard is trusted after the grace. */
    private final Map<String, Long> memberSince = new HashMap<>();
    private final java.util.Set<String> warnedUnheard = new HashSet<>();
    /** Peers whose beacon has been heard at least once: UDP works with them, so only a beacon proves them alive. */
    private final java.util.Set<String> beaconed = new HashSet<>();
    /**
     * Peers heard afresh since this director last forgot liveness. The map may replay old states
     * after a partition heals, and so may the network: beacons sent while the link was down wait in
     * the kernel's ARP queue and arrive in one burst when it comes back. A live stream arrives one
     * beacon per interval; so a peer counts as heard afresh once a second beacon has arrived at least
     * half an interval after the first.
     */
    private final java.util.Set<String> heardSinceForget = new HashSet<>();
    private final Map<String, Long> firstSinceForget = new HashMap<>();
    private final long halfInterval;
    private List<String> members = List.of();
    private final Map<String, NodeState> states = new HashMap<>();
    /** When something fresh last came from a peer that has beaconed at least once. */
    private final Map<String, Long> lastBeacon = new HashMap<>();
    private final Set<String> silent = new HashSet<>();

    Peers(Duration silentAfter, Duration beaconInterval) {
        this.silentNanos = silentAfter.toNanos();
        this.halfInterval = beaconInterval.toNanos() / 2;
    }

    void members(List<String> ids) {
        members(ids, System.nanoTime());
    }

    void members(List<String> ids, long now) {
        members = List.copyOf(ids);
        ids.forEach(id -> memberSince.putIfAbsent(id, now));
        memberSince.keySet().retainAll(ids);
        states.keySet().removeIf(id -> !members.contains(id) && !lastBeacon.containsKey(id));
    }

    int memberCount() {
        return members.size();
    }

    /** True when every member but {@code selfId} has been heard by beacon since liveness was last forgotten. */
    boolean allMembersKnown(String selfId) {
        return members.stream().allMatch(id -> id.equals(selfId) || heardSinceForget.contains(id));
    }

    /**
     * Records a state; true when it changes what this director sees: a new state, or a peer that was
     * silent (or forgotten after a freeze of this director) and is alive again.
     */
    boolean heard(NodeState state, boolean beacon, long now) {
        boolean changed = false;
        NodeState known = states.get(state.id());
        boolean fresh = known == null || state.version() > known.version();
        if (beacon || (fresh && lastBeacon.containsKey(state.id()))) {
            boolean wasAlive = alive(state.id(), now) && lastBeacon.containsKey(state.id());
            lastBeacon.put(state.id(), now);
            if (beacon) {
                beaconed.add(state.id());
                long first = firstSinceForget.computeIfAbsent(state.id(), id -> now);
                if (now - first >= halfInterval) {
                    heardSinceForget.add(state.id());
                }
            }
            if (silent.remove(state.id())) {
                damp(state, now);
            }
            changed = !wasAlive;
        }
        if (fresh) {
            states.put(state.id(), state);
            if (known == null || known.role() != state.role() || known.epoch() != state.epoch()) {
                LOG.info("peer {} is {} (priority {}, epoch {}){}", state.name(), state.role(), state.priority(),
                        state.epoch(), state.reason().isEmpty() ? "" : ": " + state.reason());
            }
            changed |= known == null || known.role() != state.role() || known.epoch() != state.epoch()
                    || known.preemptReady() != state.preemptReady() || known.priority() != state.priority();
        }
        return changed;
    }

    /** A silent peer is back: if it was gone for less than its timeout, it was late, not dead. */
    private void damp(NodeState state, long now) {
        long gone = now - silentSince.getOrDefault(state.id(), now);
        long current = timeoutOf(state.id());
        if (gone < current && current < MAX_FACTOR * silentNanos) {
            timeout.put(state.id(), current * 2);
            dampedAt.put(state.id(), now);
            LOG.warn("peer {} is heard again {} ms after it was declared silent: it stalled, it did not die;"
                    + " it is now declared silent after {} ms", state.name(), gone / 1_000_000, current * 2 / 1_000_000);
        } else {
            LOG.info("peer {} is heard again", state.name());
        }
    }

    private long timeoutOf(String id) {
        return timeout.getOrDefault(id, silentNanos);
    }

    /** Marks peers silent whose beacon stopped; true when one did. */
    boolean expire(long now) {
        boolean changed = false;
        for (Map.Entry<String, Long> e : dampedAt.entrySet()) {
            long t = timeoutOf(e.getKey());
            if (t > silentNanos && now - e.getValue() > QUIET_NANOS) {
                timeout.put(e.getKey(), Math.max(silentNanos, t / 2));
                e.setValue(now);
            }
        }
        for (Map.Entry<String, Long> e : lastBeacon.entrySet()) {
            if (now - e.getValue() > timeoutOf(e.getKey()) && silent.add(e.getKey())) {
                silentSince.put(e.getKey(), now);
                NodeState s = states.get(e.getKey());
                LOG.warn("peer {} is silent for {} ms: out of the election", s == null ? e.getKey() : s.name(),
                        (now - e.getValue()) / 1_000_000);
                changed = true;
            }
        }
        // A silent peer that has also left the cluster is forgotten.
        List<String> gone = lastBeacon.keySet().stream().filter(id -> silent.contains(id) && !members.contains(id)).toList();
        gone.forEach(id -> {
            lastBeacon.remove(id);
            silent.remove(id);
            states.remove(id);
            timeout.remove(id);
            silentSince.remove(id);
            dampedAt.remove(id);
            beaconed.remove(id);
        });
        return changed;
    }

    /** After this director was frozen, its old timestamps mean nothing: everyone must be heard anew. */
    void forgetLiveness() {
        lastBeacon.clear();
        silent.clear();
        heardSinceForget.clear();
        firstSinceForget.clear();
    }

    private boolean alive(String id, long now) {
        Long last = lastBeacon.get(id);
        if (last != null) {
            return now - last <= timeoutOf(id);
        }
        if (beaconed.contains(id)) {
            return false; // heard before, not since this director forgot (a freeze, a cut): wait for it
        }
        Long since = memberSince.get(id);
        NodeState s = states.get(id);
        // A member still starting beacons only once its own join completes: not a sign of filtering.
        if (since == null || now - since < UNHEARD_GRACE_NANOS || s == null || s.role() == Role.STARTING) {
            return false;
        }
        if (warnedUnheard.add(id)) {
            LOG.warn("peer {} has been a member for {} ms but its beacon was never heard: is UDP filtered on the"
                    + " cluster port? It counts as alive until the cluster drops it (dead_after)",
                    s.name(), (now - since) / 1_000_000);
        }
        return true;
    }

    /** Every peer alive now, members in member order first; non-members are heard only by beacon. */
    List<NodeState> live(long now) {
        List<NodeState> out = new ArrayList<>();
        for (String id : members) {
            NodeState s = states.get(id);
            if (s != null && alive(id, now)) {
                out.add(s);
            }
        }
        for (Map.Entry<String, NodeState> e : states.entrySet()) {
            if (!members.contains(e.getKey()) && lastBeacon.containsKey(e.getKey()) && alive(e.getKey(), now)) {
                out.add(e.getValue());
            }
        }
        return out;
    }

    /** True when this director and the live member peers are more than half of {@code clusterSize}. */
    boolean majority(NodeState self, int clusterSize, long now) {
        long voters = 1 + members.stream().filter(id -> !id.equals(self.id()) && alive(id, now)).count();
        return 2 * voters > clusterSize;
    }

    /** Live peers, plus peers last known ACTIVE that have been silent for less than twice their timeout. */
    List<NodeState> recentlyActive(long now) {
        List<NodeState> out = new ArrayList<>(live(now));
        for (Map.Entry<String, Long> e : lastBeacon.entrySet()) {
            NodeState s = states.get(e.getKey());
            if (s != null && s.role() == Role.ACTIVE && !out.contains(s) && now - e.getValue() <= 2 * timeoutOf(e.getKey())) {
                out.add(s);
            }
        }
        return out;
    }

    /** The election's input: this director and the live member peers, in member order. */
    List<NodeState> candidates(NodeState self, long now) {
        List<NodeState> out = new ArrayList<>();
        for (String id : members) {
            if (id.equals(self.id())) {
                out.add(self);
            } else if (states.containsKey(id) && alive(id, now)) {
                out.add(states.get(id));
            }
        }
        if (!members.contains(self.id())) {
            out.add(self);
        }
        return out;
    }

    /** Every state ever heard and still remembered: the epochs to stay above. */
    Collection<NodeState> all() {
        return states.values();
    }
}
