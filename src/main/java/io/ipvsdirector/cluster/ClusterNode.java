package io.ipvsdirector.cluster;

import io.ipvsdirector.config.ClusterConfig;
import io.ipvsdirector.config.NodeConfig;
import io.ipvsdirector.net.HostPort;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This director's role: it joins the cluster, hears its peers (Hazelcast for membership and state,
 * the beacon for liveness), runs the election on what it sees and acts for itself only. Everything
 * runs on one Vert.x context; VIP changes are awaited before the next decision, and a VIP is released
 * before the state that lets a peer take it is published (release, then acquire).
 */
public final class ClusterNode {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);

    /** The witness owns nothing. */
    private static final VipOwnership NO_VIPS = new VipOwnership() {
        @Override
        public Future<Void> clearStale() {
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> acquire(long epoch) {
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> release() {
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> reannounce() {
            return Future.succeededFuture();
        }

        @Override
        public void holdAnnouncements() {
        }
    };

    /** A role change, for the log, the event stream and the status API. */
    public record RoleChange(NodeState state, Role previous, String reason) {
    }

    private final Vertx vertx;
    private final Context context;
    private final NodeConfig node;
    private final ClusterConfig cluster;
    private final VipOwnership vips;
    private final List<Consumer<RoleChange>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<NodeState>> electionListeners = new CopyOnWriteArrayList<>();
    private String lastActive = "";
    private String lastHealed = "";
    /** Why this director cannot own the VIPs for want of a majority (logged once per reason), or null. */
    private String minority;
    private final Peers peers;
    private final boolean witness;
    private HazelcastMembership membership;
    private LivenessBeacon beacon;

    private volatile NodeState self;
    private boolean busy;
    private long eligibleSince;
    private long preemptTimer = -1;
    private String faultReason;
    private final java.util.Map<String, String> faults = new java.util.TreeMap<>();
    private final List<Tracker> trackers = new java.util.ArrayList<>();
    private String waitingFor;

    public ClusterNode(Vertx vertx, NodeConfig node, ClusterConfig cluster, VipOwnership vips) {
        this(vertx, node, cluster, vips, false);
    }

    /** The witness of {@code cluster}: a member that owns nothing and is never elected. */
    public static ClusterNode witness(Vertx vertx, NodeConfig node, ClusterConfig cluster) {
        return new ClusterNode(vertx, node, cluster, NO_VIPS, true);
    }

    private ClusterNode(Vertx vertx, NodeConfig node, ClusterConfig cluster, VipOwnership vips, boolean witness) {
        this.witness = witness;
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.node = node;
        this.cluster = cluster;
        this.vips = vips;
        this.peers = new Peers(cluster.beacon().silentAfter(), cluster.beacon().interval());
        this.self = new NodeState(UUID.randomUUID().toString(), node.name(), node.priority(), Role.STARTING, 0, false, 0,
                "starting");
    }

    public void onRoleChange(Consumer<RoleChange> listener) {
        listeners.add(listener);
    }

    /** Called with the cluster's ACTIVE each time it changes (another director, or a new epoch), as seen here. */
    public void onElection(Consumer<NodeState> listener) {
        electionListeners.add(listener);
    }

    public NodeState self() {
        return self;
    }

    /** The peers this director hears now, oldest member first. */
    public List<NodeState> peers() {
        return peers.live(System.nanoTime());
    }

    /** Removes leftover VIPs, joins the cluster (or goes ACTIVE when standalone) and starts electing. */
    public Future<Void> start() {
        return onContext(() -> vips.clearStale().compose(v -> {
            if (cluster.standalone()) {
                return becomeEligible("standalone");
            }
            HostPort bind = witness ? cluster.witness().orElseThrow() : cluster.bind().orElseThrow();
            List<HostPort> beaconTo = new java.util.ArrayList<>(cluster.members());
            cluster.witness().ifPresent(beaconTo::add);
            membership = new HazelcastMembership(cluster, bind, node.name(), new HazelcastListener());
            return membership.start(vertx).compose(id -> {
                self = new NodeState(id, node.name(), node.priority(), witness ? Role.WITNESS : Role.STARTING, 0, false, 1,
                        witness ? "witness" : "synchronising");
                beacon = new LivenessBeacon(vertx, bind, beaconTo, cluster.name(),
                        cluster.beacon().interval(), () -> self, state -> heard(state, true), this::tick);
                return beacon.start();
            }).compose(v2 -> {
                startWatching();
                if (witness) {
                    LOG.info("witness of cluster {} on {}", cluster.name(), bind);
                    publish();
                    return Future.succeededFuture();
                }
                return awaitPeersThenStandby("joined N-member cluster");
            });
        }));
    }

    /** Gives up ACTIVE (VIPs first), tells the peers at once, and leaves the cluster. */
    public Future<Void> stop() {
        return onContext(() -> {
            trackers.forEach(Tracker::stop);
            Future<Void> released = self.role() == Role.ACTIVE ? vips.release() : Future.succeededFuture();
            return released.recover(err -> {
                LOG.error("releasing the VIPs on stop failed: {}", err.getMessage());
                return Future.succeededFuture();
            }).compose(v -> {
                change(Role.STOPPING, self.epoch(), "stopping");
                Future<Void> left = membership == null ? Future.succeededFuture() : membership.stop(vertx);
                return left.compose(x -> beacon == null ? Future.succeededFuture() : beacon.stop());
            });
        });
    }

    /**
     * Starts {@code trackers}: while any of them reports a failure this director is in FAULT, which
     * gives up ACTIVE and leaves the election; when all are well again it is eligible again.
     */
    public void track(List<Tracker> trackers) {
        for (Tracker t : trackers) {
            t.start(reason -> context.runOnContext(v -> {
                if (reason.isPresent()) {
                    LOG.warn("{} failed: {}", t.name(), reason.get());
                    faults.put(t.name(), reason.get());
                } else if (faults.remove(t.name()) != null) {
                    LOG.info("{} is well again", t.name());
                }
                faultReason = faults.isEmpty() ? null : String.join("; ", faults.values());
                evaluate();
            }));
            this.trackers.add(t);
        }
    }

    /**
     * Waits until every member's state is known and its beacon heard, so that an ACTIVE peer is seen
     * before this node decides anything; a member that never speaks is not waited for long.
     */
    private Future<Void> awaitPeersThenStandby(String reason) {
        Promise<Void> ready = Promise.promise();
        // Longer than the grace after which a member never heard is trusted on Hazelcast's word.
        long deadline = System.nanoTime() + Peers.UNHEARD_GRACE_NANOS + TimeUnit.MILLISECONDS.toNanos(500);
        long[] timer = new long[1];
        timer[0] = vertx.setPeriodic(20, id -> {
            if (self.role() != Role.STARTING) {
                vertx.cancelTimer(timer[0]);
                ready.tryComplete();
            } else if (peers.allMembersKnown(self.id()) || System.nanoTime() > deadline) {
                vertx.cancelTimer(timer[0]);
                becomeEligible(reason.replace("N-member", peers.memberCount() + "-member")).onComplete(ready);
            }
        });
        return ready.future();
    }

    /** Forgets who is alive and stands by only once every member has been heard afresh. */
    private void resync(String reason) {
        peers.forgetLiveness();
        change(Role.STARTING, self.epoch(), reason);
        awaitPeersThenStandby("re-synchronised");
    }

    private Future<Void> becomeEligible(String reason) {
        eligibleSince = System.nanoTime();
        change(Role.STANDBY, self.epoch(), reason);
        evaluate();
        return Future.succeededFuture();
    }

    /** The one place where this director decides what to be. */
    private void evaluate() {
        Role role = self.role();
        if (busy || role == Role.STARTING || role == Role.STOPPING || role == Role.WITNESS) {
            return;
        }
        if (faultReason != null) {
            if (role == Role.ACTIVE) {
                release(Role.FAULT, faultReason);
            } else if (role != Role.FAULT || !faultReason.equals(self.reason())) {
                change(Role.FAULT, self.epoch(), faultReason);
            }
            return;
        }
        if (role == Role.FAULT) {
            // What this director knows of its peers dates from before the fault (a cut link hears
            // nobody): listen to them for one timeout before taking part in the election again.
            resync("recovered; listening to the cluster before electing");
            return;
        }
        long now = System.nanoTime();
        updatePreemptReady(now);
        List<NodeState> others = peers.live(now);
        Optional<NodeState> stronger = others.stream()
                .filter(o -> Fencing.mustStepDown(self, List.of(o))).findFirst();
        if (stronger.isPresent()) {
            release(Role.STANDBY, "stepping down: " + stronger.get().name() + " is ACTIVE with epoch " + stronger.get().epoch());
            return;
        }
        if (cluster.witness().isPresent() && !peers.majority(self, cluster.members().size() + 1, now)) {
            // With a witness, only a side that hears a majority of the cluster may own the VIPs.
            String why = "no majority: hears " + (1 + others.size()) + " of " + (cluster.members().size() + 1) + " members";
            if (self.role() == Role.ACTIVE) {
                release(Role.STANDBY, why);
            } else if (!why.equals(minority)) {
                LOG.warn("{}; not taking the VIPs", why);
            }
            minority = why;
            return;
        }
        if (minority != null) {
            // Back from the minority side: what it knows of the others is old, and the majority may
            // have elected someone meanwhile. Listen before electing.
            minority = null;
            resync("majority regained; listening to the cluster before electing");
            return;
        }
        List<NodeState> candidates = peers.candidates(self, now);
        Optional<String> winner = Election.winner(candidates);
        boolean mine = winner.map(self.id()::equals).orElse(false);
        if (mine && self.role() != Role.ACTIVE) {
            // With a witness, a silent ACTIVE is given a second timeout to notice its own isolation and
            // release before this side takes over: never two owners, at the price of a slower failover.
            List<NodeState> holders = cluster.witness().isPresent() ? peers.recentlyActive(now) : others;
            Optional<NodeState> holder = Election.current(holders);
            if (holder.isPresent()) {
                if (!holder.get().id().equals(waitingFor)) {
                    waitingFor = holder.get().id();
                    LOG.info("elected; waiting for {} to release the VIPs", holder.get().name());
                }
                return;
            }
            waitingFor = null;
            acquire(Fencing.nextEpoch(self.epoch(), peers.all()), describe(candidates));
        } else if (!mine) {
            waitingFor = null;
        }
        if (!mine && self.role() == Role.ACTIVE) {
            String to = winner.flatMap(id -> candidates.stream().filter(c -> c.id().equals(id)).findFirst())
                    .map(NodeState::name).orElse("nobody");
            release(Role.STANDBY, "handing over to " + to);
        }
    }

    private void acquire(long epoch, String reason) {
        busy = true;
        change(Role.ACTIVE, epoch, reason);
        vips.acquire(epoch).onComplete(ar -> {
            busy = false;
            if (ar.failed()) {
                LOG.error("taking the VIPs failed: {}", ar.cause().getMessage());
            }
            evaluate();
        });
    }

    private void release(Role next, String reason) {
        busy = true;
        vips.release().onComplete(ar -> {
            busy = false;
            if (ar.failed()) {
                LOG.error("releasing the VIPs failed: {}", ar.cause().getMessage());
            }
            change(next, self.epoch(), reason);
            evaluate();
        });
    }

    private void change(Role role, long epoch, String reason) {
        NodeState before = self;
        self = before.with(role, epoch, self.preemptReady(), reason);
        publish();
        if (before.role() != role || before.epoch() != epoch) {
            LOG.info("role {} -> {} (epoch {}): {}", before.role(), role, epoch, reason);
            RoleChange change = new RoleChange(self, before.role(), reason);
            listeners.forEach(l -> l.accept(change));
        }
        reportElection();
    }

    /** Tells the election listeners when the ACTIVE this director sees is a new one. */
    private void reportElection() {
        List<NodeState> all = new java.util.ArrayList<>(peers.live(System.nanoTime()));
        all.add(self);
        Election.current(all).ifPresent(active -> {
            String key = active.id() + "/" + active.epoch();
            if (!key.equals(lastActive)) {
                lastActive = key;
                electionListeners.forEach(l -> l.accept(active));
            }
        });
    }

    private void updatePreemptReady(long now) {
        long delay = node.preemptDelay().toNanos();
        boolean ready = node.preempt() && self.eligible() && now - eligibleSince >= delay;
        if (ready != self.preemptReady()) {
            self = new NodeState(self.id(), self.name(), self.priority(), self.role(), self.epoch(), ready,
                    self.version() + 1, self.reason());
            publish();
        } else if (node.preempt() && !ready && self.eligible() && preemptTimer < 0) {
            long wait = Math.max(1, TimeUnit.NANOSECONDS.toMillis(eligibleSince + delay - now));
            preemptTimer = vertx.setTimer(wait, id -> {
                preemptTimer = -1;
                evaluate();
            });
        }
    }

    private void publish() {
        if (membership != null && !self.id().isEmpty()) {
            membership.publish(self);
        }
        if (beacon != null) {
            beacon.send();
        }
    }

    /** A peer's state, from its beacon ({@code beacon}: also proof of life) or from the replicated map. */
    private void heard(NodeState state, boolean beacon) {
        if (!state.id().equals(self.id()) && peers.heard(state, beacon, System.nanoTime())) {
            healed(state);
            evaluate();
            reportElection();
        }
    }

    /**
     * Another ACTIVE that this director outranks: the two sides of a split have met again. The other
     * steps down by the epoch rule, but the hosts that followed it still send to its MAC, and this
     * director's role does not change, so nothing else would announce again: announce now.
     */
    private void healed(NodeState other) {
        String key = other.id() + "/" + other.epoch();
        if (self.role() == Role.ACTIVE && other.role() == Role.ACTIVE && Fencing.ORDER.compare(other, self) < 0
                && !key.equals(lastHealed)) {
            lastHealed = key;
            LOG.warn("{} was ACTIVE too (epoch {}, this director {}): the split has healed; announcing the VIPs again",
                    other.name(), other.epoch(), self.epoch());
            vips.reannounce();
        }
    }

    /** Each beacon tick: notice having been frozen (the tick came far later than planned). */
    private void tick(long gapNanos) {
        long silent = cluster.beacon().silentAfter().toNanos();
        if (gapNanos <= silent) {
            return;
        }
        // Frozen (SIGSTOP, a stalled VM, a long pause) longer than the peers wait: one of them may
        // have taken over. The kernel kept answering for the VIPs all along; what must not happen
        // now is an announcement that pulls the traffic back before the peers are heard. Hold the
        // announcements, hear everyone anew, and let the epoch rule decide.
        LOG.warn("this director was frozen for {} ms (peers wait {} ms); re-checking the cluster before announcing",
                TimeUnit.NANOSECONDS.toMillis(gapNanos), TimeUnit.NANOSECONDS.toMillis(silent));
        if (self.role() == Role.STANDBY) {
            // Its view is old: it must not elect itself on it before hearing the ACTIVE again.
            resync("re-synchronising after a freeze");
            return;
        }
        peers.forgetLiveness();
        if (self.role() != Role.ACTIVE) {
            return;
        }
        vips.holdAnnouncements();
        evaluate();
        vertx.setTimer(TimeUnit.NANOSECONDS.toMillis(2 * silent), id -> {
            evaluate();
            if (self.role() == Role.ACTIVE && !busy) {
                LOG.info("still ACTIVE after re-checking (epoch {})", self.epoch());
                vips.reannounce();
            }
        });
    }

    /**
     * Looks for silent peers five times per beacon interval, so that a silence is noticed within
     * 20 ms of its timeout rather than at the next beacon tick.
     */
    private void startWatching() {
        long period = Math.max(10, cluster.beacon().interval().toMillis() / 5);
        long[] last = {System.nanoTime()};
        vertx.setPeriodic(period, id -> {
            long now = System.nanoTime();
            long late = now - last[0] - TimeUnit.MILLISECONDS.toNanos(period);
            last[0] = now;
            if (self.role() == Role.STOPPING) {
                vertx.cancelTimer(id);
            } else if (late > TimeUnit.MILLISECONDS.toNanos(period)) {
                // This check itself runs late: beacons may be waiting unread in the socket. Accuse nobody now.
                return;
            } else if (peers.expire(now) || waitingFor != null) {
                // Also while waiting for a holder to release: a silent holder's grace ends on no event.
                evaluate();
            }
        });
    }

    private static String describe(List<NodeState> candidates) {
        List<String> parts = new ArrayList<>();
        candidates.forEach(c -> parts.add(c.name() + "(" + c.priority() + ")"));
        return "elected among " + String.join(", ", parts);
    }

    private <T> Future<T> onContext(java.util.function.Supplier<Future<T>> action) {
        Promise<T> done = Promise.promise();
        context.runOnContext(v -> action.get().onComplete(done));
        return done.future();
    }

    /** Hazelcast's callbacks, moved onto this node's context. */
    private final class HazelcastListener implements HazelcastMembership.Listener {
        @Override
        public void onMembers(List<String> ids) {
            context.runOnContext(v -> {
                peers.members(ids);
                evaluate();
            });
        }

        @Override
        public void onState(NodeState state) {
            context.runOnContext(v -> heard(state, false));
        }
    }
}
