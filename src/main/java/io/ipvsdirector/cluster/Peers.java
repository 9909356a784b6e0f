package io.ipvsdirector.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this director knows of its peers, one {@link Peer} per node name. Names are the identity: the
 * cluster layer's member ids change on a restart or a merge, names do not.
 *
 * <p>A peer takes part in the election when it is alive. Alive means: it has been heard (a beacon,
 * or a newer state through the map) within its timeout. A member whose beacon was never heard
 * counts as alive on the cluster layer's word alone (UDP may be filtered), after a grace; it is then
 * only noticed dead after {@code dead_after}.
 *
 * <p>Flap damping: a peer declared silent that is heard again within its timeout was not dead,
 * only late (a stalled host, a congested link). Its timeout doubles, up to eight times the base,
 * so that a peer that keeps stalling does not move the VIPs back and forth; the timeout halves
 * again after each quiet minute.
 *
 * <p>After this director forgets liveness (it was frozen, or comes back from a fault or the
 * minority), a peer counts as heard afresh only once a second beacon has arrived at least half an
 * interval after the first: beacons held in the kernel's queues during a cut arrive in one burst.
 */
final class Peers {
    private static final Logger LOG = LoggerFactory.getLogger(Peers.class);

    private static final long QUIET_NANOS = 60_000_000_000L;
    static final long UNHEARD_GRACE_NANOS = 2_000_000_000L;
    private static final int MAX_FACTOR = 8;

    private final long silentNanos;
    private final long halfInterval;
    private final Map<String, Peer> peers = new TreeMap<>();
    /** When this director's beacon socket opened: a member can only have been heard since then. */
    private long listeningSince;
    private boolean listening;
    /** Prefixes the lines about a peer's state ("group NAME: "; empty for the default group). */
    private final String label;
    /**
     * Whether it logs liveness (silent, heard again, left): with several groups every group keeps its
     * own view of the same beacons, and only the first one says what happened to a peer.
     */
    private final boolean logsLiveness;

    Peers(Duration silentAfter, Duration beaconInterval) {
        this(silentAfter, beaconInterval, "", true);
    }

    Peers(Duration silentAfter, Duration beaconInterval, String label, boolean logsLiveness) {
        this.silentNanos = silentAfter.toNanos();
        this.halfInterval = beaconInterval.toNanos() / 2;
        this.label = label;
        this.logsLiveness = logsLiveness;
    }

    private Peer peer(String name) {
        return peers.computeIfAbsent(name, n -> new Peer(n, silentNanos));
    }

    /**
     * The configured peers the cluster layer lists now, by name. A peer it drops while its beacon has
     * already stopped (two intervals) is silent at once: the cluster layer drops a member within
     * about half a second when its process dies (its connections close and a reconnect is refused),
     * sooner than a damped beacon timeout. A dropped peer that still beacons is not dead.
     */
    void members(Set<String> names, long now) {
        names.forEach(n -> {
            Peer p = peer(n);
            if (!p.member) {
                p.member = true;
                p.memberSince = now;
            }
        });
        for (Peer p : peers.values()) {
            boolean left = p.member && !names.contains(p.name);
            p.member = names.contains(p.name);
            if (left && p.heard && !p.silent && now - p.lastHeard > 4 * halfInterval) {
                p.silent = true;
                p.silentSince = now;
                p.heard = false;
                p.dropped = true;
                warnLiveness("peer {} left the cluster and has not been heard for {} ms: out of the election", p.name,
                        (now - p.lastHeard) / 1_000_000);
            }
        }
        // A peer that left and was never heard by beacon has nothing left to say.
        peers.values().removeIf(p -> !p.member && !p.beaconed);
    }

    /** This director now receives beacons: the grace for a member never heard runs from here at the earliest. */
    void listening(long now) {
        listening = true;
        listeningSince = now;
    }

    /** How many peers have shown themselves, by beacon or as members of the cluster layer. */
    int accountedFor() {
        return (int) peers.values().stream().filter(p -> p.member || p.beaconed).count();
    }

    /** The base time after which a peer not heard is declared silent. */
    long silentNanos() {
        return silentNanos;
    }

    int memberCount() {
        return 1 + (int) peers.values().stream().filter(p -> p.member).count();
    }

    /**
     * True when every peer listed or heard before has been heard by beacon afresh since liveness was last forgotten,
     * and none that would win against {@code self} is still starting: two directors that finish
     * joining together must not both find the other not yet eligible and both take the VIPs. Only
     * the stronger is waited for, so the strongest waits for nobody.
     */
    boolean allMembersKnown(NodeState self) {
        // A peer that beaconed before counts too, member or not: after a cut the cluster layer may
        // have dropped it while it is alive and ACTIVE on the other side.
        // A peer declared silent (or crashed) since then is known too: it is out of the election, and
        // waiting for it would keep this director from taking over from it.
        return peers.values().stream().allMatch(p -> !(p.member || p.beaconed) || p.silent || p.crashed
                || (p.heardAfresh && !startingAndStronger(p.state, self)));
    }

    private static boolean startingAndStronger(NodeState peer, NodeState self) {
        return peer != null && peer.role() == Role.STARTING && (peer.priority() > self.priority()
                || (peer.priority() == self.priority() && peer.name().compareTo(self.name()) < 0));
    }

    /**
     * Records a state; true when it changes what this director sees: a new state, or a peer that was
     * silent (or forgotten after a freeze of this director) and is alive again.
     */
    boolean heard(NodeState state, Stamp stamp, boolean beacon, long now) {
        return heard(state, stamp, ClusterMessage.Sighting.NONE, java.util.Set.of(), beacon, now);
    }

    boolean heard(NodeState state, Stamp stamp, ClusterMessage.Sighting sees, Set<String> hears, boolean beacon,
                  long now) {
        Peer p = peer(state.name());
        if (p.crashed && !beacon && stamp.incarnation() == p.crashedRun) {
            return false; // relayed or queued before it died: a dead run says nothing new
        }
        boolean changed = false;
        NodeState known = p.state;
        boolean fresh = known == null || stamp.compareTo(p.stamp) > 0;
        // Through the map or the link, only a run whose own beacon was heard proves it is alive: a
        // restarted peer's first state comes through the map before its beacon starts, and counting
        // it alive then would declare it silent moments later and damp it as a stalled one.
        boolean newRun = p.beaconed && stamp.incarnation() != p.beaconedRun;
        if (beacon || (fresh && p.beaconed && !newRun)) {
            boolean wasAlive = p.heard && alive(p, now);
            changed |= p.voteLapsed;
            p.heard = true;
            p.dropped = false;
            p.lastHeard = now;
            p.crashed = false;
            p.voteLapsed = false;
            if (beacon) {
                p.beaconed = true;
                p.beaconedRun = stamp.incarnation();
                if (!p.heardOnce) {
                    p.heardOnce = true;
                    p.firstSinceForget = now;
                } else if (now - p.firstSinceForget >= halfInterval) {
                    p.heardAfresh = true;
                }
            }
            if (p.silent) {
                p.silent = false;
                if (newRun) {
                    infoLiveness("peer {} is back (a new run)", p.name); // restarted, not stalled: no damping
                } else {
                    damp(p, now);
                }
            }
            changed |= !wasAlive;
        }
        if (fresh) {
            p.state = state;
            p.stamp = stamp;
            changed |= !sees.equals(p.sees) || !hears.equals(p.hears);
            p.sees = sees;
            p.hears = hears;
            boolean moved = known == null || known.role() != state.role() || known.epoch() != state.epoch();
            if (state.role() == Role.STARTING && (known == null || known.role() != Role.STARTING)) {
                p.startingSince = now;
            }
            if (moved) {
                LOG.info("{}peer {} is {} (priority {}, epoch {}){}", label, state.name(), state.role(), state.priority(),
                        state.epoch(), state.reason().isEmpty() ? "" : ": " + state.reason());
            }
            changed |= moved || known.preemptReady() != state.preemptReady() || known.priority() != state.priority();
        }
        return changed;
    }

    /**
     * The peer link's evidence that {@code name}'s process died: its connection ended at {@code
     * closedAt} and a reconnect was refused. Unless the peer was heard since (then it lives: a
     * connection that ends while the peer still speaks is no death), it leaves the election at once,
     * its vote and any hold on the VIPs with it. True when that changed what this director sees.
     */
    boolean crashed(String name, long closedAt, long now) {
        Peer p = peers.get(name);
        if (p == null || p.crashed || p.stamp == null || (p.heard && p.lastHeard - closedAt > 0)) {
            return false;
        }
        boolean wasAlive = alive(p, now);
        p.crashed = true;
        p.crashedRun = p.stamp.incarnation();
        p.heard = false;
        p.dropped = false;
        p.voteLapsed = true;
        if (!p.silent) {
            p.silent = true;
            p.silentSince = now;
        }
        warnLiveness("peer {} crashed (its peer link ended and a reconnect was refused; last heard {} ms ago):"
                + " out of the election", p.name, (now - p.lastHeard) / 1_000_000);
        return wasAlive || p.state.role() == Role.ACTIVE;
    }

    /** A silent peer is back: if it was gone for less than its timeout, it was late, not dead. */
    private void damp(Peer p, long now) {
        long gone = now - p.silentSince;
        if (gone < p.timeout && p.timeout < MAX_FACTOR * silentNanos) {
            p.timeout *= 2;
            p.dampedAt = now;
            warnLiveness("peer {} is heard again {} ms after it was declared silent: it stalled, it did not die;"
                    + " it is now declared silent after {} ms", p.name, gone / 1_000_000, p.timeout / 1_000_000);
        } else {
            infoLiveness("peer {} is heard again", p.name);
        }
    }

    /**
     * Marks the votes of peers not heard for the base timeout as lapsed (see {@link #majority}); true
     * when one of them is still alive by its damped timeout, so that only a new election notices.
     */
    boolean lapseVotes(long now) {
        boolean changed = false;
        for (Peer p : peers.values()) {
            if ((p.heard || p.dropped) && !p.voteLapsed && now - p.lastHeard > silentNanos) {
                p.voteLapsed = true;
                changed |= p.dropped || p.timeout > silentNanos;
            }
        }
        return changed;
    }

    /** Marks peers silent whose traffic stopped; true when one did. */
    boolean expire(long now) {
        boolean changed = false;
        for (Peer p : peers.values()) {
            if (p.timeout > silentNanos && now - p.dampedAt > QUIET_NANOS) {
                p.timeout = Math.max(silentNanos, p.timeout / 2);
                p.dampedAt = now;
            }
            if (p.heard && !p.silent && now - p.lastHeard > p.timeout) {
                p.silent = true;
                p.silentSince = now;
                warnLiveness("peer {} is silent for {} ms: out of the election", p.name, (now - p.lastHeard) / 1_000_000);
                changed = true;
            }
        }
        // A silent peer is kept, member or not: only configured peers get here, and what it said last
        // (its epoch) and that it beaconed (so it is waited for after a resync) must outlive the cut.
        return changed;
    }

    /** After this director was frozen or cut off, its old timestamps mean nothing: everyone must be heard anew. */
    void forgetLiveness() {
        peers.values().forEach(Peer::forgetLiveness);
    }

    private boolean alive(Peer p, long now) {
        if (p.crashed) {
            return false;
        }
        if (p.heard) {
            return now - p.lastHeard <= p.timeout;
        }
        if (p.beaconed || !p.member) {
            return false; // heard before, not since this director forgot (a freeze, a cut): wait for it
        }
        // A member still starting beacons only once its own join completes: not a sign of filtering.
        // Nor is a member unheard while this director did not listen yet.
        if (now - p.memberSince < UNHEARD_GRACE_NANOS || (listening && now - listeningSince < UNHEARD_GRACE_NANOS)
                || p.state == null || p.state.role() == Role.STARTING) {
            return false;
        }
        if (!p.warnedUnheard && logsLiveness) {
            p.warnedUnheard = true;
            LOG.warn("peer {} has been a member for {} ms but its beacon was never heard: is UDP filtered on the"
                    + " cluster port? It counts as alive until the cluster drops it (dead_after)",
                    p.name, (now - p.memberSince) / 1_000_000);
        }
        return true;
    }

    /** Every peer alive now whose state is known, by name. */
    List<NodeState> live(long now) {
        List<NodeState> out = new ArrayList<>();
        peers.values().stream().filter(p -> p.state != null && alive(p, now)).forEach(p -> out.add(p.state));
        return out;
    }

    /** What the live peers say they see as ACTIVE (none omitted), by peer. */
    List<ClusterMessage.Sighting> sightings(long now) {
        return peers.values().stream().filter(p -> p.state != null && alive(p, now) && !p.sees.none())
                .map(p -> p.sees).toList();
    }

    /**
     * True when this director and the live peers that hear it back are more than half of {@code
     * clusterSize}. Hearing is not enough: a cut may heal in one direction first, and a director that
     * hears the others while they do not hear it yet must not count them.
     *
     * <p>A vote lapses at the base timeout even where damping keeps the peer alive longer: the side
     * that takes over waits at least the base timeout and then the holder's release grace, so the
     * side losing its majority always gives the VIPs up first, whatever each side's damping. A peer
     * the cluster layer dropped keeps its vote as long: a merge after a cut drops and re-adds members
     * that are alive, and an ACTIVE must not give up the VIPs for that churn.
     */
    boolean majority(String self, int clusterSize, long now) {
        long voters = 1 + peers.values().stream().filter(p -> p.hears.contains(self) && votes(p, now)).count();
        return 2 * voters > clusterSize;
    }

    private boolean votes(Peer p, long now) {
        return p.heard || p.dropped ? now - p.lastHeard <= silentNanos : alive(p, now);
    }

    /** The names of the peers alive now, as this director's messages tell them. */
    List<String> liveNames(long now) {
        return peers.values().stream().filter(p -> alive(p, now)).map(p -> p.name).toList();
    }

    /**
     * Live peers, plus peers last known ACTIVE that have been silent for less than twice their timeout
     * (one base timeout for a peer the cluster layer dropped: it may be alive and holding its majority
     * that long, see {@link #majority}).
     */
    List<NodeState> recentlyActive(long now) {
        List<NodeState> out = new ArrayList<>(live(now));
        for (Peer p : peers.values()) {
            long hold = p.dropped ? silentNanos : p.heard ? 2 * p.timeout : -1;
            if (p.state != null && p.state.role() == Role.ACTIVE && !out.contains(p.state)
                    && now - p.lastHeard <= hold) {
                out.add(p.state);
            }
        }
        return out;
    }

    /**
     * Live peers that turned STARTING less than two base timeouts ago: starting, or hearing the cluster
     * afresh after a step-down or a minority (which takes a few beacons). One that would win is waited
     * for rather than raced: both would take the VIPs on views a beacon apart.
     */
    List<NodeState> starting(long now) {
        return peers.values().stream().filter(p -> p.state != null && p.state.role() == Role.STARTING && alive(p, now)
                && !p.handingOver && now - p.startingSince < 2 * silentNanos).map(p -> p.state).toList();
    }

    /** Records whether {@code name} says it is handing over; true when that changed. */
    boolean handingOver(String name, boolean handingOver) {
        Peer p = peers.get(name);
        if (p == null || p.handingOver == handingOver) {
            return false;
        }
        p.handingOver = handingOver;
        return true;
    }

    /** The election's input: this director and the live peers. */
    List<NodeState> candidates(NodeState self, long now) {
        List<NodeState> out = new ArrayList<>(live(now));
        out.add(self);
        return out;
    }

    /** Every state heard and still remembered: the epochs to stay above. */
    Collection<NodeState> all() {
        return peers.values().stream().filter(p -> p.state != null).map(p -> p.state).toList();
    }

    private void warnLiveness(String format, Object... args) {
        if (logsLiveness) {
            LOG.warn(format, args);
        }
    }

    private void infoLiveness(String format, Object... args) {
        if (logsLiveness) {
            LOG.info(format, args);
        }
    }
}
