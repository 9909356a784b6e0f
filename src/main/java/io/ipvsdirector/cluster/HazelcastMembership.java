package io.ipvsdirector.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.EntryListener;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.MapEvent;
import com.hazelcast.replicatedmap.ReplicatedMap;
import io.ipvsdirector.config.ClusterConfig;
import io.ipvsdirector.net.HostPort;
import io.ipvsdirector.net.InetAddresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.Inet6Address;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Hazelcast side of the cluster: membership (who is in, as the node name and address each
 * member gives, which the cluster node checks against its configuration) and the replicated, sealed
 * state of every director, each writing only its own entry, keyed by its node name. Nothing here is
 * trusted: the listener gets the sealed text. Hazelcast calls come from its own threads; the
 * listener must hop to its owner's context.
 */
final class HazelcastMembership {
    private static final Logger LOG = LoggerFactory.getLogger(HazelcastMembership.class);
    private static final String STATES = "ipvs-director.nodes";

    /** A cluster-layer member as it presents itself: the node name it claims and its address (host:port). */
    record Member(String name, String address) {
    }

    interface Listener {
        /** The cluster layer's members, this one included. */
        void onMembers(List<Member> members);

        /** A sealed state from the replicated map, not yet verified. */
        void onState(String sealed);
    }

    private final ClusterConfig cluster;
    private final HostPort bind;
    private final String nodeName;
    private final Listener listener;
    /** Map writes leave the event loop, one at a time and in order. */
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cluster-writer");
        t.setDaemon(true);
        return t;
    });
    private HazelcastInstance hz;
    private ReplicatedMap<String, String> states;

    HazelcastMembership(ClusterConfig cluster, HostPort bind, String nodeName, Listener listener) {
        this.cluster = cluster;
        this.bind = bind;
        this.nodeName = nodeName;
        this.listener = listener;
    }

    /** Joins the cluster (seconds: Hazelcast's join protocol). */
    Future<Void> start(Vertx vertx) {
        return vertx.executeBlocking(() -> {
            // Hazelcast would log a stack trace and leave the process half started; say it in one line.
            if (java.net.NetworkInterface.getByInetAddress(bind.address()) == null) {
                throw new IllegalStateException("cluster.bind " + bind + ": no interface of this host has the address "
                        + io.ipvsdirector.net.InetAddresses.toText(bind.address()));
            }
            hz = Hazelcast.newHazelcastInstance(config());
            states = hz.getReplicatedMap(STATES);
            states.addEntryListener(new StateListener());
            hz.getCluster().addMembershipListener(new MembershipListener() {
                @Override
                public void memberAdded(MembershipEvent event) {
                    LOG.info("cluster member joined: {}", event.getMember().getAddress());
                    listener.onMembers(members(event.getMembers()));
                }

                @Override
                public void memberRemoved(MembershipEvent event) {
                    LOG.info("cluster member left: {}", event.getMember().getAddress());
                    listener.onMembers(members(event.getMembers()));
                }
            });
            listener.onMembers(members(hz.getCluster().getMembers()));
            for (String value : states.values()) {
                listener.onState(value);
            }
            return null;
        }, false);
    }

    /**
     * Writes this director's sealed state under its node name: the entry is the same across restarts
     * and merges, so a merge cannot leave a second, stale entry for the same director behind.
     */
    void publish(String name, String sealed) {
        if (states == null || writer.isShutdown()) {
            return; // not joined (a failed start), or left (stopping): nobody to tell this way
        }
        writer.execute(() -> {
            try {
                states.put(name, sealed);
            } catch (RuntimeException e) {
                LOG.warn("cannot replicate this node's state: {}", e.toString());
            }
        });
    }

    Future<Void> stop(Vertx vertx) {
        return vertx.executeBlocking(() -> {
            writer.shutdown();
            if (hz != null) {
                hz.shutdown();
            }
            return null;
        }, false);
    }

    private Config config() {
        Config c = new Config();
        c.setClusterName(cluster.name());
        c.setInstanceName("ipvs-director-" + nodeName);
        c.setProperty("hazelcast.logging.type", "slf4j");
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.shutdownhook.enabled", "false");
        c.setProperty("hazelcast.socket.bind.any", "false");
        c.setProperty("hazelcast.heartbeat.interval.seconds", Long.toString(cluster.heartbeat().toSeconds()));
        c.setProperty("hazelcast.max.no.heartbeat.seconds", Long.toString(cluster.deadAfter().toSeconds()));
        // Merge the two halves of a healed split within seconds, not Hazelcast's default minutes.
        c.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
        c.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
        c.setProperty("hazelcast.wait.seconds.before.join", "1");
        if (bind.address() instanceof Inet6Address) {
            c.setProperty("hazelcast.prefer.ipv4.stack", "false");
            c.setProperty("hazelcast.prefer.ipv6.addresses", "true");
        }
        c.getMemberAttributeConfig().setAttribute("node", nodeName);
        c.getJetConfig().setEnabled(false);
        c.getReplicatedMapConfig(STATES).setAsyncFillup(false);
        NetworkConfig network = c.getNetworkConfig();
        network.setPort(bind.port()).setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).addInterface(InetAddresses.toText(bind.address()));
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true);
        for (HostPort member : cluster.members()) {
            join.getTcpIpConfig().addMember(member.toString());
        }
        cluster.witness().ifPresent(w -> join.getTcpIpConfig().addMember(w.toString()));
        return c;
    }

    private static List<Member> members(java.util.Collection<com.hazelcast.cluster.Member> members) {
        return members.stream().map(m -> {
            String name = m.getAttribute("node");
            try {
                HostPort at = new HostPort(m.getAddress().getInetAddress(), m.getAddress().getPort());
                return new Member(name == null ? "" : name, at.toString());
            } catch (java.net.UnknownHostException e) {
                return new Member(name == null ? "" : name, m.getAddress().toString());
            }
        }).toList();
    }

    private final class StateListener implements EntryListener<String, String> {
        @Override
        public void entryAdded(EntryEvent<String, String> event) {
            listener.onState(event.getValue());
        }

        @Override
        public void entryUpdated(EntryEvent<String, String> event) {
            listener.onState(event.getValue());
        }

        @Override
        public void entryRemoved(EntryEvent<String, String> event) {
        }

        @Override
        public void entryEvicted(EntryEvent<String, String> event) {
        }

        @Override
        public void entryExpired(EntryEvent<String, String> event) {
        }

        @Override
        public void mapCleared(MapEvent event) {
        }

        @Override
        public void mapEvicted(MapEvent event) {
        }
    }
}
