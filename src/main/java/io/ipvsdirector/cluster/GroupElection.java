package io.ipvsdirector.cluster;

import io.ipvsdirector.config.ClusterConfig;
import io.ipvsdirector.config.NodeConfig;
import io.vertx.core.Vertx;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link ElectionGroup} elected on its own: its view of the peers ({@link Peers}), its role
 * ({@link RoleMachine}) and its freeze handling. Every group reads the same verified messages, each
 * its own state in them, so a director can be ACTIVE for one group and STANDBY for another, and a
 * failure moves only the groups it concerns. Runs on the cluster node's context only.
 */
final class GroupElection {
    private static final Logger LOG = LoggerFactory.getLogger(GroupElection.class);

    final ElectionGroup spec;
    final Peers peers;
    final RoleMachine machine;
    final FreezeWatch freeze;
    private String lastHealed = "";

    /**
     * @param first whether it is the node's first group: the one that logs what happens to peers
     *              (silent, heard again), which every group sees alike
     */
    GroupElection(Vertx vertx, String nodeName, ClusterConfig cluster, ElectionGroup spec, boolean witness,
                  boolean first, Runnable publish) {
        this.spec = spec;
        this.peers = new Peers(cluster.beacon().silentAfter(), cluster.beacon().interval(),
                ElectionGroup.logPrefix(spec.name()), first);
        int size = cluster.members().size() + (cluster.witness().isPresent() ? 1 : 0);
        NodeConfig node = new NodeConfig(nodeName, spec.priority(), spec.preempt(), spec.preemptDelay());
        this.machine = new RoleMachine(vertx, node, spec.name(), spec.vips(), peers, cluster.witness().isPresent(), size,
                2 * cluster.beacon().silentAfter().toNanos(), witness ? Role.WITNESS : Role.STARTING,
                witness ? "witness" : "starting", publish);
        this.freeze = new FreezeWatch(vertx, cluster.beacon().silentAfter(), peers, machine, spec.vips());
    }

    String name() {
        return spec.name();
    }

    /** This director's state in the group, and the ACTIVE it sees there, as its messages carry them. */
    ClusterMessage.GroupState state() {
        return new ClusterMessage.GroupState(spec.name(), machine.self(), machine.sees(), machine.handingOverTo());
    }

    /** A verified message: its sender's state in this group, if it has one, is heard. */
    void receive(ClusterMessage m, boolean beaconed, long now) {
        Optional<ClusterMessage.GroupState> g = m.group(spec.name());
        if (g.isEmpty()) {
            return; // the sender is not elected in this group: its configuration has other groups
        }
        if (peers.heard(g.get().state(), Stamp.of(m), g.get().sees(), Set.copyOf(m.hears()), beaconed, now)
                | peers.handingOver(g.get().state().name(), !g.get().handingOverTo().isEmpty())) {
            healed(g.get().state());
            machine.evaluate();
            machine.reportElection();
        }
    }

    /** The peer link's evidence that {@code name}'s process died (see {@link Peers#crashed}). */
    void crashed(String name, long closedAt, long now) {
        if (peers.crashed(name, closedAt, now)) {
            machine.evaluate();
            machine.reportElection();
        }
    }

    /** The peers the cluster layer lists now. */
    void members(Set<String> names, long now) {
        peers.members(names, now);
        machine.evaluate();
    }

    /**
     * Another ACTIVE that this director outranks: the two sides of a split have met again. The other
     * steps down by the epoch rule, but the hosts that followed it still send to its MAC, and this
     * director's role does not change, so nothing else would announce again: announce now.
     */
    private void healed(NodeState other) {
        NodeState me = machine.self();
        String key = other.name() + "/" + other.epoch();
        if (me.role() == Role.ACTIVE && other.role() == Role.ACTIVE && Fencing.ORDER.compare(other, me) < 0
                && !key.equals(lastHealed)) {
            lastHealed = key;
            LOG.warn("{}{} was ACTIVE too (epoch {}, this director {}): the split has healed; announcing the VIPs again",
                    ElectionGroup.logPrefix(spec.name()),
                    other.name(), other.epoch(), me.epoch());
            spec.vips().reannounce();
        }
    }
}
