package io.ipvsdirector.cluster;

import io.ipvsdirector.config.ClusterConfig;
import io.ipvsdirector.config.ClusterKeyFile;
import io.ipvsdirector.config.NodeConfig;
import io.ipvsdirector.net.HostPort;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This director in its cluster: it joins (Hazelcast for membership and the replicated states, the
 * beacon for liveness), lets in only what {@link Inbox} verifies, and hands each verified message
 * to its election groups ({@link GroupElection}): each keeps its own view of the peers, watches for
 * freezes and leaves every decision to its {@link RoleMachine}. Everything runs on one Vert.x context.
 */
public final class ClusterNode {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);
    /** The replicated entry is written again this often, so that it is never older than the replay window. */
    private static final long REPUBLISH_MILLIS = 10_000;
    /** How long a stopping ACTIVE waits for a peer to take over before it leaves anyway. */
    static final long TAKEOVER_WAIT_MILLIS = 300;

    private final Vertx vertx;
    private final Context context;
    private final String name;
    private final ClusterConfig cluster;
    private final boolean witness;
    private final List<GroupElection> groups;
    private final long incarnation = new SecureRandom().nextLong();
    private final long startedMillis = System.currentTimeMillis();
    private final AtomicLong counter = new AtomicLong();
    private final Optional<HostPort> self;
    /** Every member's and the witness's address (host:port), as the messages carry them. */
    private final List<String> configured;
    private final Inbox inbox;
    private final NameClaims claims;
    private volatile MessageSeal seal;
    private HazelcastMembership membership;
    private LivenessBeacon beacon;
    private PeerLink link;

    /** A director with one group: the top-level {@code vips}, elected with the node's priority. */
    public ClusterNode(Vertx vertx, NodeConfig node, ClusterConfig cluster, VipOwnership vips) {
        this(vertx, node.name(), cluster, List.of(new ElectionGroup(ElectionGroup.DEFAULT, List.of(), node.priority(),
                node.preempt(), node.preemptDelay(), vips)), false);
    }

    /** A director elected in each of {@code groups}, in that order (the first one is the status's main role). */
    public ClusterNode(Vertx vertx, String nodeName, ClusterConfig cluster, List<ElectionGroup> groups) {
        this(vertx, nodeName, cluster, groups, false);
    }

    /** The witness of {@code cluster}: a member that owns nothing, is never elected, and votes in every group. */
    public static ClusterNode witness(Vertx vertx, String name, ClusterConfig cluster, List<String> groupNames) {
        List<ElectionGroup> groups = new ArrayList<>();
        for (String g : groupNames.isEmpty() ? List.of(ElectionGroup.DEFAULT) : groupNames) {
            groups.add(new ElectionGroup(g, List.of(), 1, false, java.time.Duration.ZERO, VipOwnership.NONE));
        }
        return new ClusterNode(vertx, name, cluster, groups, true);
    }

    private ClusterNode(Vertx vertx, String nodeName, ClusterConfig cluster, List<ElectionGroup> specs, boolean witness) {
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("a cluster node is elected in at least one group");
        }
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.name = nodeName;
        this.cluster = cluster;
        this.witness = witness;
        this.self = witness ? cluster.witness() : cluster.bind();
        List<GroupElection> built = new ArrayList<>();
        for (ElectionGroup g : specs) {
            built.add(new GroupElection(vertx, nodeName, cluster, g, witness, built.isEmpty(), this::publish));
        }
        this.groups = List.copyOf(built);
        this.seal = MessageSeal.of(cluster);
        List<String> addresses = new ArrayList<>();
        cluster.members().forEach(m -> addresses.add(m.toString()));
        cluster.witness().ifPresent(w -> addresses.add(w.toString()));
        this.configured = List.copyOf(addresses);
        this.claims = new NameClaims(startedMillis, incarnation, (source, reason) -> fault(source, Optional.of(reason)));
        this.inbox = new Inbox(cluster.name(), seal, Set.copyOf(configured), nodeName, incarnation,
                from -> context.runOnContext(v -> fault("key", Optional.of("the cluster's messages are signed"
                        + " (heard from " + from + ") but this director has no cluster.key_file"))),
                other -> context.runOnContext(v -> claims.claimed(other)));
    }

    /** Called with every role change, of every group ({@link RoleChange#group}). */
    public void onRoleChange(Consumer<RoleChange> listener) {
        groups.forEach(g -> g.machine.onRoleChange(listener));
    }

    /** Called with a group's ACTIVE each time it changes (another director, or a new epoch), as seen here. */
    public void onElection(java.util.function.BiConsumer<String, NodeState> listener) {
        groups.forEach(g -> g.machine.onElection(active -> listener.accept(g.name(), active)));
    }

    /** This director's state in its first group: with one group, simply its state. */
    public NodeState self() {
        return groups.get(0).machine.self();
    }

    /** This director's state in each group, by group, in configuration order. */
    public Map<String, NodeState> groupStates() {
        Map<String, NodeState> out = new java.util.LinkedHashMap<>();
        groups.forEach(g -> out.put(g.name(), g.machine.self()));
        return out;
    }

    /** The groups elected here, in configuration order. */
    public List<ElectionGroup> groups() {
        return groups.stream().map(g -> g.spec).toList();
    }

    /** The live peers of the first group, read on this node's own context: safe from any thread (the status API). */
    public Future<List<NodeState>> livePeers() {
        return onContext(() -> Future.succeededFuture(groups.get(0).peers.live(System.nanoTime())));
    }

    /** Each group's live peers (their state in that group), read on this node's own context. */
    public Future<Map<String, List<NodeState>>> livePeersByGroup() {
        return onContext(() -> {
            Map<String, List<NodeState>> out = new java.util.LinkedHashMap<>();
            long now = System.nanoTime();
            groups.forEach(g -> out.put(g.name(), g.peers.live(now)));
            return Future.succeededFuture(out);
        });
    }

    /** Nodes that spoke for this cluster from addresses that are not configured. */
    public List<Intruder> intruders() {
        return inbox.intruders();
    }

    /** Every reason a message can be dropped for. */
    public static final List<String> REJECT_REASONS = Inbox.REASONS;

    /** Messages dropped, by reason (signature, replay, ...). */
    public Map<String, Long> rejectedMessages() {
        return inbox.rejectedByReason();
    }

    /**
     * On a reload: reads the key file again, so that a rotation (a new key added first, later the old
     * one removed) needs no restart. A key file added or removed takes effect at restart; a file that
     * cannot be read now keeps the keys in use.
     */
    public Future<Void> reloadKeys(ClusterConfig next) {
        return onContext(() -> {
            if (!seal.keyed() || next.keyFile().isEmpty() || !next.keyFile().equals(cluster.keyFile())) {
                return Future.succeededFuture();
            }
            List<byte[]> keys;
            try {
                keys = ClusterKeyFile.read(next.keyFile().get());
            } catch (java.io.IOException e) {
                LOG.error("cluster.key_file {}: {}; the keys in use stay", next.keyFile().get(), e.getMessage());
                return Future.succeededFuture();
            }
            MessageSeal renewed = new MessageSeal(keys);
            if (!renewed.sameKeys(seal)) {
                seal = renewed;
                inbox.rekey(renewed);
                LOG.info("cluster.key_file {} read again: signing with its first key, accepting {} key(s)",
                        next.keyFile().get(), keys.size());
            }
            return Future.succeededFuture();
        });
    }

    /** Removes leftover VIPs, joins the cluster (or goes ACTIVE when standalone) and starts electing. */
    public Future<Void> start() {
        ElectionWarmUp.run();
        return onContext(() -> Future.all(groups.stream().map(g -> g.spec.vips().clearStale()).toList()).compose(v -> {
            if (cluster.standalone()) {
                groups.forEach(g -> g.machine.becomeEligible("standalone"));
                return Future.succeededFuture();
            }
            if (!seal.keyed()) {
                LOG.warn("cluster {}: no cluster.key_file, so messages between the directors are not authenticated:"
                        + " anyone who can reach {} can take part (make a key with: ipvs-director keygen FILE)",
                        cluster.name(), self.orElseThrow());
            }
            HostPort bind = self.orElseThrow();
            List<HostPort> beaconTo = new ArrayList<>(cluster.members());
            cluster.witness().ifPresent(beaconTo::add);
            membership = new HazelcastMembership(cluster, bind, name, new HazelcastListener());
            return membership.start(vertx).compose(id -> {
                groups.forEach(g -> g.machine.change(witness ? Role.WITNESS : Role.STARTING, 0,
                        witness ? "witness" : "synchronising"));
                beacon = new LivenessBeacon(vertx, bind, beaconTo, cluster.beacon().interval(), this::sealedSelf,
                        (text, from) -> receive(text, Optional.of(from.toString()), true),
                        gap -> groups.forEach(g -> g.freeze.tick(gap)));
                return beacon.start().onSuccess(x -> groups.forEach(g -> g.peers.listening(System.nanoTime())));
            }).compose(v1 -> {
                link = new PeerLink(vertx, bind, beaconTo,
                        member -> text -> deliver(inbox.acceptFromLink(text, member.toString(), System.currentTimeMillis()), false),
                        this::crashed);
                return link.start(sealedSelf());
            }).compose(v2 -> {
                groups.forEach(g -> FreezeWatch.watchSilence(vertx, cluster.beacon().interval(), g.peers, g.machine));
                vertx.setPeriodic(REPUBLISH_MILLIS, id -> publish());
                if (witness) {
                    LOG.info("witness of cluster {} on {}", cluster.name(), bind);
                    publish();
                    return Future.succeededFuture();
                }
                return Future.all(groups.stream().map(g -> g.machine.awaitPeersThenStandby("joined N-member cluster", true))
                        .toList()).mapEmpty();
            });
        }));
    }

    /**
     * Gives up ACTIVE in every group (VIPs first), tells the peers at once, waits briefly for one to
     * take over (see {@link #awaitTakeover}), and leaves the cluster.
     */
    public Future<Void> stop() {
        return onContext(() -> {
            List<Future<Void>> released = new ArrayList<>();
            for (GroupElection g : groups) {
                released.add((g.machine.self().role() == Role.ACTIVE ? g.spec.vips().release() : Future.<Void>succeededFuture())
                        .recover(err -> {
                            LOG.error("releasing the VIPs of group {} on stop failed: {}", g.name(), err.getMessage());
                            return Future.succeededFuture();
                        }));
            }
            List<GroupElection> handedOver = groups.stream().filter(g -> g.machine.self().role() == Role.ACTIVE).toList();
            return Future.join(released).otherwiseEmpty().compose(v -> {
                groups.forEach(g -> g.machine.change(Role.STOPPING, g.machine.self().epoch(), "stopping"));
                return awaitTakeover(handedOver);
            }).compose(v -> {
                Future<Void> left = membership == null ? Future.succeededFuture() : membership.stop(vertx);
                return left.compose(x -> beacon == null ? Future.succeededFuture() : beacon.stop())
                        .compose(x -> link == null ? Future.succeededFuture() : link.stop());
            });
        });
    }

    /**
     * After a stop has released {@code groups} and said so: waits until a live peer is ACTIVE in each
     * of them (or none is left that could be, or {@link #TAKEOVER_WAIT_MILLIS} passed) before leaving.
     * Tearing the process down (the cluster layer's threads, the JVM's exit) takes CPU that a peer on
     * the same host (a VM's neighbour, a container) needs for its takeover at that very moment.
     */
    private Future<Void> awaitTakeover(List<GroupElection> groups) {
        if (groups.isEmpty()) {
            return Future.succeededFuture();
        }
        Promise<Void> done = Promise.promise();
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TAKEOVER_WAIT_MILLIS);
        vertx.setPeriodic(2, id -> {
            long now = System.nanoTime();
            // A group is settled once a live peer is ACTIVE in it, or no live peer is eligible to be.
            boolean settled = groups.stream().map(g -> g.peers.live(now)).allMatch(live -> live.stream()
                    .anyMatch(p -> p.role() == Role.ACTIVE) || live.stream().noneMatch(p -> p.role() == Role.STANDBY));
            if (settled || now - until > 0) {
                vertx.cancelTimer(id);
                for (GroupElection g : groups) {
                    String prefix = ElectionGroup.logPrefix(g.name());
                    g.peers.live(now).stream().filter(p -> p.role() == Role.ACTIVE).findFirst().ifPresentOrElse(
                            p -> LOG.info("{}handed over: {} is ACTIVE", prefix, p.name()),
                            () -> LOG.warn("{}no peer took over before this director left", prefix));
                }
                done.complete();
            }
        });
        return done.future();
    }

    /**
     * The operator asks this ACTIVE to hand {@code group} over (empty: the only group, when there is
     * one). See {@link Handover}. Completes with the peer's name.
     */
    public Future<String> failover(Optional<String> group) {
        return onContext(() -> {
            Optional<GroupElection> g;
            if (group.isPresent()) {
                g = groups.stream().filter(x -> x.name().equals(group.get()) || x.spec.vipGroups().contains(group.get()))
                        .findFirst();
                if (g.isEmpty()) {
                    return Future.failedFuture(new IllegalArgumentException("no group " + group.get() + " here (groups: "
                            + String.join(", ", groupStates().keySet()) + ")"));
                }
            } else if (groups.size() == 1) {
                g = Optional.of(groups.get(0));
            } else {
                return Future.failedFuture(new IllegalArgumentException("this director is elected in several groups ("
                        + String.join(", ", groupStates().keySet()) + "): name the one to hand over"));
            }
            return Handover.start(vertx, g.get(), cluster.standalone(), 2 * cluster.beacon().silentAfter().toNanos());
        });
    }

    /** {@link #failover(Optional)} of the only group. */
    public Future<String> failover() {
        return failover(Optional.empty());
    }

    /**
     * Starts {@code trackers} for {@code group} (every group when empty): while any of them reports a
     * failure this director is in FAULT there, which gives up ACTIVE and leaves the election; when all
     * are well again it is eligible again.
     */
    public void track(Optional<String> group, List<Tracker> trackers) {
        for (Tracker t : trackers) {
            t.start(reason -> context.runOnContext(v -> {
                if (reason.isPresent()) {
                    LOG.warn("{} failed: {}", t.name(), reason.get());
                } else {
                    LOG.info("{} is well again", t.name());
                }
                groups.stream().filter(g -> group.isEmpty() || g.name().equals(group.get())
                        || g.spec.vipGroups().contains(group.get())).forEach(g -> g.machine.fault(t.name(), reason));
            }));
        }
    }

    /** Node-level tracking: every group. */
    public void track(List<Tracker> trackers) {
        track(Optional.empty(), trackers);
    }

    /** A source of FAULT that concerns this director as a whole: every group. */
    private void fault(String source, Optional<String> reason) {
        groups.forEach(g -> g.machine.fault(source, reason));
    }

    private String sealedSelf() {
        long now = System.nanoTime();
        List<ClusterMessage.GroupState> states = new ArrayList<>();
        Set<String> hears = new java.util.TreeSet<>();
        for (GroupElection g : groups) {
            states.add(g.state());
            hears.addAll(g.peers.liveNames(now));
        }
        if (witness) {
            // Stands for the groups this witness's configuration does not list: its vote counts there too.
            states.add(new ClusterMessage.GroupState(ClusterMessage.GroupState.ANY, self(), ClusterMessage.Sighting.NONE));
        }
        ClusterMessage m = new ClusterMessage(cluster.name(), self.map(HostPort::toString).orElse(""), incarnation,
                startedMillis, counter.incrementAndGet(), System.currentTimeMillis(), configured, states,
                List.copyOf(hears));
        return seal.seal(MessageCodec.encode(m));
    }

    /** Sends this director's state every way at once: the map, the beacon and the peer link. */
    private void publish() {
        if (membership == null && beacon == null && link == null) {
            return;
        }
        String sealed = sealedSelf();
        if (membership != null) {
            membership.publish(name, sealed);
        }
        if (beacon != null) {
            beacon.send(sealed);
        }
        if (link != null) {
            link.send(sealed);
        }
    }

    /** The peer link's evidence that {@code peer}'s process died: every group hears it, and the peers hear what changed. */
    private void crashed(String peer, long closedAt) {
        long now = System.nanoTime();
        groups.forEach(g -> g.crashed(peer, closedAt, now));
        publish();
    }

    /** A message from a peer: verified by the inbox, then each group hears its state ({@code beacon}: also proof of life). */
    private void receive(String text, Optional<String> source, boolean beaconed) {
        deliver(inbox.accept(text, source, System.currentTimeMillis()), beaconed);
    }

    /** Hands a verified message to every group; returns it (empty when it did not pass). */
    private Optional<ClusterMessage> deliver(Optional<ClusterMessage> m, boolean beaconed) {
        if (m.isEmpty()) {
            return m;
        }
        String me = self.map(HostPort::toString).orElse("");
        String peer = m.get().sender();
        fault("members of " + peer, m.get().members().contains(me) ? Optional.empty()
                : Optional.of(peer + " (" + m.get().address() + ") does not list this director (" + me
                        + ") in its cluster.members: the configurations disagree"));
        long now = System.nanoTime();
        groups.forEach(g -> g.receive(m.get(), beaconed, now));
        return m;
    }

    private <T> Future<T> onContext(java.util.function.Supplier<Future<T>> action) {
        Promise<T> done = Promise.promise();
        context.runOnContext(v -> action.get().onComplete(done));
        return done.future();
    }

    /** Hazelcast's callbacks, moved onto this node's context. */
    private final class HazelcastListener implements HazelcastMembership.Listener {
        @Override
        public void onMembers(List<HazelcastMembership.Member> members) {
            context.runOnContext(v -> {
                Set<String> names = new HashSet<>();
                String me = self.map(HostPort::toString).orElse("");
                for (HazelcastMembership.Member m : members) {
                    if (m.address().equals(me)) {
                        continue;
                    }
                    if (inbox.configured(m.address())) {
                        names.add(m.name());
                    } else {
                        inbox.memberAt(m.address(), m.name(), System.currentTimeMillis());
                    }
                }
                long now = System.nanoTime();
                groups.forEach(g -> g.members(names, now));
            });
        }

        @Override
        public void onState(String sealed) {
            context.runOnContext(v -> receive(sealed, Optional.empty(), false));
        }
    }
}
