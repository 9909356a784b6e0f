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
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This director in its cluster: it joins (Hazelcast for membership and the replicated states, the
 * beacon for liveness), lets in only what {@link Inbox} verifies, keeps what it knows of each peer
 * in {@link Peers}, watches itself for freezes ({@link FreezeWatch}) and leaves every decision to
 * {@link RoleMachine}. Everything runs on one Vert.x context.
 */
public final class ClusterNode {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);
    /** The replicated entry is written again this often, so that it is never older than the replay window. */
    private static final long REPUBLISH_MILLIS = 10_000;

    private final Vertx vertx;
    private final Context context;
    private final ClusterConfig cluster;
    private final VipOwnership vips;
    private final boolean witness;
    private final Peers peers;
    private final RoleMachine machine;
    private final long incarnation = new SecureRandom().nextLong();
    private final long startedMillis = System.currentTimeMillis();
    private final AtomicLong counter = new AtomicLong();
    private final Optional<HostPort> self;
    /** Every member's and the witness's address (host:port), as the messages carry them. */
    private final List<String> configured;
    private final Inbox inbox;
    private volatile MessageSeal seal;
    private HazelcastMembership membership;
    private LivenessBeacon beacon;

    public ClusterNode(Vertx vertx, NodeConfig node, ClusterConfig cluster, VipOwnership vips) {
        this(vertx, node, cluster, vips, false);
    }

    /** The witness of {@code cluster}: a member that owns nothing and is never elected. */
    public static ClusterNode witness(Vertx vertx, NodeConfig node, ClusterConfig cluster) {
        return new ClusterNode(vertx, node, cluster, VipOwnership.NONE, true);
    }

    private ClusterNode(Vertx vertx, NodeConfig node, ClusterConfig cluster, VipOwnership vips, boolean witness) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.cluster = cluster;
        this.vips = vips;
        this.witness = witness;
        this.self = witness ? cluster.witness() : cluster.bind();
        this.peers = new Peers(cluster.beacon().silentAfter(), cluster.beacon().interval());
        int size = cluster.members().size() + (cluster.witness().isPresent() ? 1 : 0);
        this.machine = new RoleMachine(vertx, node, vips, peers, cluster.witness().isPresent(), size,
                2 * cluster.beacon().silentAfter().toNanos(), witness ? Role.WITNESS : Role.STARTING, witness ? "witness" : "starting", this::publish);
        this.seal = new MessageSeal(keys(cluster));
        List<String> addresses = new ArrayList<>();
        cluster.members().forEach(m -> addresses.add(m.toString()));
        cluster.witness().ifPresent(w -> addresses.add(w.toString()));
        this.configured = List.copyOf(addresses);
        this.inbox = new Inbox(cluster.name(), seal, Set.copyOf(configured), node.name(), incarnation,
                from -> context.runOnContext(v -> machine.fault("key", Optional.of("the cluster's messages are signed"
                        + " (heard from " + from + ") but this director has no cluster.key_file"))),
                this::nameClaimed);
    }

    private static List<byte[]> keys(ClusterConfig cluster) {
        if (cluster.keyFile().isEmpty()) {
            return List.of();
        }
        try {
            return ClusterKeyFile.read(cluster.keyFile().get());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cluster.key_file " + cluster.keyFile().get() + ": " + e.getMessage(), e);
        }
    }

    public void onRoleChange(Consumer<RoleChange> listener) {
        machine.onRoleChange(listener);
    }

    /** Called with the cluster's ACTIVE each time it changes (another director, or a new epoch), as seen here. */
    public void onElection(Consumer<NodeState> listener) {
        machine.onElection(listener);
    }

    public NodeState self() {
        return machine.self();
    }

    /** {@link Peers#live} read on this node's own context: safe from any thread (the status API). */
    public Future<List<NodeState>> livePeers() {
        return onContext(() -> Future.succeededFuture(peers.live(System.nanoTime())));
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
        return onContext(() -> vips.clearStale().compose(v -> {
            if (cluster.standalone()) {
                machine.becomeEligible("standalone");
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
            membership = new HazelcastMembership(cluster, bind, machine.self().name(), new HazelcastListener());
            return membership.start(vertx).compose(id -> {
                machine.change(witness ? Role.WITNESS : Role.STARTING, 0, witness ? "witness" : "synchronising");
                beacon = new LivenessBeacon(vertx, bind, beaconTo, cluster.beacon().interval(), this::sealedSelf,
                        (text, from) -> receive(text, Optional.of(from.toString()), true),
                        new FreezeWatch(vertx, cluster.beacon().silentAfter(), peers, machine, vips)::tick);
                return beacon.start();
            }).compose(v2 -> {
                FreezeWatch.watchSilence(vertx, cluster.beacon().interval(), peers, machine);
                vertx.setPeriodic(REPUBLISH_MILLIS, id -> publish());
                if (witness) {
                    LOG.info("witness of cluster {} on {}", cluster.name(), bind);
                    publish();
                    return Future.succeededFuture();
                }
                return machine.awaitPeersThenStandby("joined N-member cluster");
            });
        }));
    }

    /** Gives up ACTIVE (VIPs first), tells the peers at once, and leaves the cluster. */
    public Future<Void> stop() {
        return onContext(() -> {
            Future<Void> released = machine.self().role() == Role.ACTIVE ? vips.release() : Future.succeededFuture();
            return released.recover(err -> {
                LOG.error("releasing the VIPs on stop failed: {}", err.getMessage());
                return Future.succeededFuture();
            }).compose(v -> {
                machine.change(Role.STOPPING, machine.self().epoch(), "stopping");
                Future<Void> left = membership == null ? Future.succeededFuture() : membership.stop(vertx);
                return left.compose(x -> beacon == null ? Future.succeededFuture() : beacon.stop());
            });
        });
    }

    /**
     * The operator asks this ACTIVE to hand over. It fails, changing nothing, unless this director is
     * ACTIVE and hears an eligible peer. Otherwise it releases the VIPs and stays out of the election
     * (STARTING, so the peers see it is not a candidate) until a peer is ACTIVE, or for two peer
     * timeouts if none takes over; then it stands by, and does not preempt the new ACTIVE until it is
     * elected again (the peer fails, or the operator fails over back). Completes with the peer's name.
     */
    public Future<String> failover() {
        return onContext(() -> {
            NodeState me = machine.self();
            if (me.role() != Role.ACTIVE || machine.busy()) {
                return Future.failedFuture(new IllegalStateException("this director is " + me.role()
                        + ", not ACTIVE: only the ACTIVE director can hand over"));
            }
            Optional<NodeState> peer = peers.live(System.nanoTime()).stream().filter(NodeState::eligible)
                    .max(java.util.Comparator.comparingInt(NodeState::priority));
            if (peer.isEmpty()) {
                return Future.failedFuture(new IllegalStateException("no eligible peer to hand over to"
                        + (cluster.standalone() ? " (standalone director)" : "")));
            }
            String to = peer.get().name();
            machine.handOver(to);
            long deadline = System.nanoTime() + 2 * cluster.beacon().silentAfter().toNanos();
            vertx.setPeriodic(20, id -> {
                if (machine.busy()) {
                    return; // still releasing the VIPs
                }
                if (machine.self().role() != Role.STARTING) {
                    vertx.cancelTimer(id); // something else moved it on (a fault, a stop)
                    return;
                }
                Optional<NodeState> active = Election.current(peers.live(System.nanoTime()));
                if (active.isPresent() || System.nanoTime() > deadline) {
                    vertx.cancelTimer(id);
                    machine.becomeEligible(active.map(a -> "handed over to " + a.name())
                            .orElse("no peer took over; eligible again"));
                }
            });
            return Future.succeededFuture(to);
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
                } else {
                    LOG.info("{} is well again", t.name());
                }
                machine.fault(t.name(), reason);
            }));
        }
    }

    private String sealedSelf() {
        ClusterMessage m = new ClusterMessage(cluster.name(), self.map(HostPort::toString).orElse(""), incarnation,
                startedMillis, counter.incrementAndGet(), System.currentTimeMillis(), configured, machine.self(),
                machine.sees(), peers.liveNames(System.nanoTime()));
        return seal.seal(MessageCodec.encode(m));
    }

    private void publish() {
        if (membership != null) {
            membership.publish(machine.self().name(), sealedSelf());
        }
        if (beacon != null) {
            beacon.send();
        }
    }

    /** A message from a peer: verified by the inbox, then its state is heard ({@code beacon}: also proof of life). */
    private void receive(String text, Optional<String> source, boolean beaconed) {
        Optional<ClusterMessage> m = inbox.accept(text, source, System.currentTimeMillis());
        if (m.isEmpty()) {
            return;
        }
        String me = self.map(HostPort::toString).orElse("");
        String peer = m.get().sender();
        machine.fault("members of " + peer, m.get().members().contains(me) ? Optional.empty()
                : Optional.of(peer + " (" + m.get().address() + ") does not list this director (" + me
                        + ") in its cluster.members: the configurations disagree"));
        if (peers.heard(m.get().state(), Stamp.of(m.get()), m.get().sees(), Set.copyOf(m.get().hears()), beaconed,
                System.nanoTime())) {
            healed(m.get().state());
            machine.evaluate();
            machine.reportElection();
        }
    }

    /**
     * Messages from other runs with this director's name, by run: the highest number seen, and
     * whether the clash was acted on. A previous run of this director leaves its last entry in the
     * replicated map; only a run that goes on speaking after this one started is another process.
     */
    private record Claim(long counter, boolean confirmed) {
    }

    private final Map<Long, Claim> claimants = new java.util.HashMap<>();

    /** Another run claims this director's name. The one that started first keeps it; the other stays out. */
    private void nameClaimed(ClusterMessage other) {
        context.runOnContext(v -> {
            if (other.sentMillis() < startedMillis) {
                return; // said before this run began: a previous run's last words, or a copy of them
            }
            Claim seen = claimants.get(other.incarnation());
            if (seen == null) {
                claimants.put(other.incarnation(), new Claim(other.counter(), false));
                return;
            }
            if (other.counter() <= seen.counter() || seen.confirmed()) {
                return;
            }
            claimants.put(other.incarnation(), new Claim(other.counter(), true)); // alive: it spoke again
            boolean theyWereFirst = other.startedMillis() < startedMillis
                    || (other.startedMillis() == startedMillis && other.incarnation() < incarnation);
            if (theyWereFirst) {
                machine.fault("name", Optional.of("another director named " + other.sender() + " is live at "
                        + other.address() + " and started first: give this one its own node.name"));
            } else {
                LOG.warn("another process at {} claims this director's name {}; it started later and is refused",
                        other.address(), other.sender());
            }
        });
    }

    /**
     * Another ACTIVE that this director outranks: the two sides of a split have met again. The other
     * steps down by the epoch rule, but the hosts that followed it still send to its MAC, and this
     * director's role does not change, so nothing else would announce again: announce now.
     */
    private String lastHealed = "";

    private void healed(NodeState other) {
        NodeState me = machine.self();
        String key = other.name() + "/" + other.epoch();
        if (me.role() == Role.ACTIVE && other.role() == Role.ACTIVE && Fencing.ORDER.compare(other, me) < 0
                && !key.equals(lastHealed)) {
            lastHealed = key;
            LOG.warn("{} was ACTIVE too (epoch {}, this director {}): the split has healed; announcing the VIPs again",
                    other.name(), other.epoch(), me.epoch());
            vips.reannounce();
        }
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
                peers.members(names, System.nanoTime());
                machine.evaluate();
            });
        }

        @Override
        public void onState(String sealed) {
            context.runOnContext(v -> receive(sealed, Optional.empty(), false));
        }
    }
}
