package io.ipvsdirector.cluster;

import io.ipvsdirector.config.NodeConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This director's role, and the one place where it changes. It builds the {@link ElectionView},
 * asks {@link ElectionRules} what to do and does it: VIP changes are awaited before the next
 * decision, and a VIP is released before the state that lets a peer take it is published (release,
 * then acquire). Runs on the cluster node's context only.
 */
final class RoleMachine {
    private static final Logger LOG = LoggerFactory.getLogger(RoleMachine.class);

    private final Vertx vertx;
    private final NodeConfig node;
    private final VipOwnership vips;
    private final Peers peers;
    private final boolean witnessed;
    private final int clusterSize;
    private final Runnable publish;
    private final List<Consumer<RoleChange>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<NodeState>> electionListeners = new CopyOnWriteArrayList<>();
    /** Why this director is not eligible, by source (a tracker's name, the configuration): none when empty. */
    private final Map<String, String> faults = new TreeMap<>();

    private volatile NodeState self;
    private boolean busy;
    private long eligibleSince;
    private long preemptTimer = -1;
    private String waitingFor;
    private String minority;
    private String minorityLogged;
    private String lastActive = "";
    /** After an operator's failover: no preempting back until this director is elected again. */
    private boolean holdPreempt;
    /** Until then (nanoTime) a minority is not acted on: this director forgot its peers and is hearing them anew. */
    private long listeningUntil;
    /** The peer this director handed the VIPs to, until it is ACTIVE or {@code handOverUntil} passes. */
    private String handedOverTo;
    private long handOverUntil;
    /** Set by the operator's handover until this director stands by again: its peers must not wait for it. */
    private String handingOverTo = "";
    private final long holdNanos;
    /** The election group it acts for, and its log lines' prefix: empty for the default group, else "group NAME: ". */
    private final String group;
    private final String label;

    /**
     * @param holdNanos how long to leave a peer it handed over to the chance to take the VIPs (two
     *                  beacon timeouts)
     */
    RoleMachine(Vertx vertx, NodeConfig node, VipOwnership vips, Peers peers, boolean witnessed, int clusterSize,
                long holdNanos, Role initial, String reason, Runnable publish) {
        this(vertx, node, ElectionGroup.DEFAULT, vips, peers, witnessed, clusterSize, holdNanos, initial, reason, publish);
    }

    RoleMachine(Vertx vertx, NodeConfig node, String group, VipOwnership vips, Peers peers, boolean witnessed,
                int clusterSize, long holdNanos, Role initial, String reason, Runnable publish) {
        this.group = group;
        this.label = ElectionGroup.logPrefix(group);
        this.vertx = vertx;
        this.node = node;
        this.vips = vips;
        this.peers = peers;
        this.witnessed = witnessed;
        this.clusterSize = clusterSize;
        this.publish = publish;
        this.holdNanos = holdNanos;
        this.self = new NodeState(node.name(), node.priority(), initial, 0, false, 1, reason);
    }

    NodeState self() {
        return self;
    }

    boolean busy() {
        return busy;
    }

    boolean waiting() {
        return waitingFor != null;
    }

    void onRoleChange(Consumer<RoleChange> l) {
        listeners.add(l);
    }

    void onElection(Consumer<NodeState> l) {
        electionListeners.add(l);
    }

    /** Sets or clears ({@code reason} empty) one source of FAULT, then decides again. */
    void fault(String source, Optional<String> reason) {
        boolean changed = reason.isPresent() ? !reason.get().equals(faults.put(source, reason.get()))
                : faults.remove(source) != null;
        if (changed) {
            evaluate();
        }
    }

    /**
     * Waits until every member has been heard afresh (or a member that never speaks is given up on), then
     * stands by. On a fresh start ({@code fresh}) a configured peer that nobody has seen yet, neither by
     * beacon nor as a cluster member, is also given one beacon timeout to be heard: the cluster layer
     * may not have joined it (a slow or failed join), and its beacons only reach a socket that has just
     * opened. Like VRRP's master-down interval, this keeps a starting director from taking the VIPs
     * from a live ACTIVE it has not heard yet. It costs a start only when a peer is really down.
     */
    Future<Void> awaitPeersThenStandby(String reason, boolean fresh) {
        Promise<Void> ready = Promise.promise();
        long started = System.nanoTime();
        // Longer than the grace after which a member never heard is trusted on the cluster layer's word.
        long deadline = started + Peers.UNHEARD_GRACE_NANOS + TimeUnit.MILLISECONDS.toNanos(500);
        long unseenUntil = fresh ? started + peers.silentNanos() : started;
        vertx.setPeriodic(20, id -> {
            long now = System.nanoTime();
            if (self.role() != Role.STARTING) {
                vertx.cancelTimer(id);
                ready.tryComplete();
            } else if (!busy && ((peers.allMembersKnown(self)
                    && (peers.accountedFor() + 1 >= clusterSize || now - unseenUntil >= 0)) || now - deadline > 0)) {
                vertx.cancelTimer(id);
                becomeEligible(reason.replace("N-member", peers.memberCount() + "-member"));
                ready.tryComplete();
            }
        });
        return ready.future();
    }

    /**
     * An ACTIVE that forgot who is alive (it was frozen) keeps the VIPs for {@code nanos} while it hears
     * its peers again: not hearing a majority yet is no news then. A stronger ACTIVE still makes it
     * step down at once.
     */
    void listenFor(long nanos) {
        listeningUntil = System.nanoTime() + nanos;
    }

    /** Forgets who is alive and stands by only once every member has been heard afresh. */
    void resync(String reason) {
        peers.forgetLiveness();
        change(Role.STARTING, self.epoch(), reason);
        awaitPeersThenStandby("re-synchronised", false);
    }

    void becomeEligible(String reason) {
        eligibleSince = System.nanoTime();
        change(Role.STANDBY, self.epoch(), reason);
        evaluate();
    }

    /** Decides again on what this director sees now, and acts. */
    void evaluate() {
        if (busy) {
            return;
        }
        long now = System.nanoTime();
        updatePreemptReady(now);
        Optional<String> fault = faults.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", faults.values()));
        List<NodeState> live = peers.live(now);
        if (handedOverTo != null && (now > handOverUntil
                || live.stream().anyMatch(n -> n.name().equals(handedOverTo) && n.role() == Role.ACTIVE))) {
            handedOverTo = null;
        }
        ElectionView view = new ElectionView(self, live, peers.recentlyActive(now), peers.all(), fault,
                witnessed, clusterSize, peers.majority(self.name(), clusterSize, now), minority != null, Optional.ofNullable(handedOverTo),
                peers.sightings(now), peers.starting(now));
        Decision d = ElectionRules.decide(view);
        if (!(d instanceof Decision.Wait) && !(d instanceof Decision.AwaitTakeover)
                && !(d instanceof Decision.AwaitStronger)) {
            waitingFor = null;
        }
        if (d instanceof Decision.Fault f) {
            if (self.role() == Role.ACTIVE) {
                release(Role.FAULT, f.reason());
            } else {
                change(Role.FAULT, self.epoch(), f.reason());
            }
        } else if (d instanceof Decision.Resync r) {
            minority = null;
            minorityLogged = null;
            resync(r.reason());
        } else if (d instanceof Decision.Release r) {
            if (r.to().isPresent()) {
                handedOverTo = r.to().get();
                handOverUntil = now + holdNanos;
            }
            release(r.next(), r.reason());
        } else if (d instanceof Decision.Minority m) {
            if (now < listeningUntil) {
                return;
            }
            minority = m.why();
            if (self.preemptReady()) {
                // A side that cannot win must not look like a preempting candidate to the other side.
                self = self.with(self.role(), self.epoch(), false, self.reason());
                publish.run();
            }
            if (self.role() == Role.ACTIVE) {
                release(Role.STANDBY, m.why());
            } else if (!m.why().equals(minorityLogged)) {
                LOG.warn("{}{}; not taking the VIPs", label, m.why());
            }
            minorityLogged = m.why();
        } else if (d instanceof Decision.Wait w) {
            if (!w.holder().equals(waitingFor)) {
                waitingFor = w.holder();
                LOG.info("{}elected; waiting for {} to release the VIPs", label, w.holder());
            }
        } else if (d instanceof Decision.AwaitTakeover t) {
            if (!t.to().equals(waitingFor)) {
                waitingFor = t.to();
                LOG.info("{}handed over to {}; leaving it the VIPs to take", label, t.to());
            }
        } else if (d instanceof Decision.AwaitStronger s) {
            if (!s.peer().equals(waitingFor)) {
                waitingFor = s.peer();
                LOG.info("{}elected for now; waiting for {}, which would win, to finish starting", label, s.peer());
            }
        } else if (d instanceof Decision.Acquire a) {
            acquire(a.epoch(), a.reason());
        }
    }

    private void acquire(long epoch, String reason) {
        busy = true;
        holdPreempt = false;
        // The kernel thread adds and announces while this context publishes and tells the listeners:
        // every peer that could hold the VIPs has released them already (see ElectionRules).
        Future<Void> taken = vips.acquire(epoch);
        change(Role.ACTIVE, epoch, reason);
        taken.onComplete(ar -> {
            busy = false;
            if (ar.failed()) {
                LOG.error("{}taking the VIPs failed: {}", label, ar.cause().getMessage());
            }
            evaluate();
        });
    }

    /** Gives the VIPs up (when held), then takes {@code next}; STARTING means: hear everyone afresh first. */
    void release(Role next, String reason) {
        busy = true;
        Future<Void> released = self.role() == Role.ACTIVE ? vips.release() : Future.succeededFuture();
        released.onComplete(ar -> {
            busy = false;
            if (ar.failed()) {
                LOG.error("{}releasing the VIPs failed: {}", label, ar.cause().getMessage());
            }
            if (next == Role.STARTING) {
                resync(reason);
            } else {
                change(next, self.epoch(), reason);
                evaluate();
            }
        });
    }

    /** The operator's handover: releases, stays STARTING, and does not preempt back until elected again. */
    void handOver(String to) {
        holdPreempt = true;
        handingOverTo = to;
        // Published with the next change: a peer that sees this director eligible again must not
        // hand the VIPs straight back by preemption.
        self = self.with(self.role(), self.epoch(), false, self.reason());
        busy = true;
        vips.release().onComplete(ar -> {
            busy = false;
            change(Role.STARTING, self.epoch(), "handing over to " + to + " at the operator's request");
        });
    }

    /** The peer this director is handing over to at the operator's request, while it does; else "". */
    String handingOverTo() {
        return handingOverTo;
    }

    void change(Role role, long epoch, String reason) {
        NodeState before = self;
        if (role != Role.STARTING) {
            handingOverTo = "";
        }
        self = before.with(role, epoch, self.preemptReady(), reason);
        publish.run();
        if (before.role() != role || before.epoch() != epoch) {
            LOG.info("{}role {} -> {} (epoch {}): {}", label, before.role(), role, epoch, reason);
            RoleChange change = new RoleChange(self, before.role(), reason, group);
            listeners.forEach(l -> l.accept(change));
        }
        reportElection();
    }

    /** The ACTIVE among the live peers and this director, by the fencing order. */
    private Optional<NodeState> currentActive() {
        List<NodeState> all = new java.util.ArrayList<>(peers.live(System.nanoTime()));
        all.add(self);
        return Election.current(all);
    }

    /** The ACTIVE this director sees now (itself included), as its messages tell the peers. */
    ClusterMessage.Sighting sees() {
        return currentActive().map(a -> new ClusterMessage.Sighting(a.name(), a.epoch()))
                .orElse(ClusterMessage.Sighting.NONE);
    }

    /** Tells the election listeners when the ACTIVE this director sees is a new one. */
    void reportElection() {
        currentActive().ifPresent(active -> {
            String key = active.name() + "/" + active.epoch();
            if (!key.equals(lastActive)) {
                lastActive = key;
                electionListeners.forEach(l -> l.accept(active));
            }
        });
    }

    private void updatePreemptReady(long now) {
        long delay = node.preemptDelay().toNanos();
        boolean ready = node.preempt() && !holdPreempt && minority == null && self.eligible()
                && now - eligibleSince >= delay;
        if (ready != self.preemptReady()) {
            self = self.with(self.role(), self.epoch(), ready, self.reason());
            publish.run();
        } else if (node.preempt() && !holdPreempt && !ready && self.eligible() && preemptTimer < 0) {
            long wait = Math.max(1, TimeUnit.NANOSECONDS.toMillis(eligibleSince + delay - now));
            preemptTimer = vertx.setTimer(wait, id -> {
                preemptTimer = -1;
                evaluate();
            });
        }
    }
}
