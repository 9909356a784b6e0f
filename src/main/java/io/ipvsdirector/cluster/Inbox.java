package io.ipvsdirector.cluster;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one door for messages from other nodes, whichever way they came (beacon, peer link or replicated map).
 * A message passes only if its seal checks (signed with the cluster's key when there is one), it is
 * for this cluster, it comes from a configured address (and, for a beacon, from that very address),
 * and it is fresh (not a replay, not from a second process with a live director's name). Everything
 * else is dropped, counted by reason and logged at most once a minute per sender; a node at an
 * address that is not configured is recorded once as an intruder.
 */
final class Inbox {
    private static final Logger LOG = LoggerFactory.getLogger(Inbox.class);
    private static final long LOG_EVERY_MILLIS = 60_000;
    /** Send times further than this from the local clock are refused (see {@link ReplayGuard}). */
    static final long WINDOW_MILLIS = 60_000;
    /** Every reason a message is dropped for, as counted and shown in /metrics. */
    static final List<String> REASONS = List.of("signed", "unsigned", "bad_signature", "replay", "stale", "name_clash",
            "not_member", "other_cluster", "malformed");

    private final String cluster;
    private volatile MessageSeal seal;
    private final Set<String> configured;
    private final String selfName;
    private final long selfIncarnation;
    /**
     * One guard per way in: the map and the beacon carry the same numbered messages, and a map entry
     * overtaken by a newer beacon is old news, not a replay.
     */
    private final ReplayGuard beaconGuard = new ReplayGuard(WINDOW_MILLIS);
    private final ReplayGuard mapGuard = new ReplayGuard(WINDOW_MILLIS);
    private final ReplayGuard linkGuard = new ReplayGuard(WINDOW_MILLIS);
    private final Map<String, LongAdder> rejected = new ConcurrentHashMap<>();
    private final Map<String, Long> lastLogged = new ConcurrentHashMap<>();
    private final Map<String, Intruder> intruders = new ConcurrentHashMap<>();
    private final Consumer<String> onSignedWithoutKey;
    private final Consumer<ClusterMessage> onNameClaimed;

    /**
     * @param configured          host:port of every member and the witness
     * @param onSignedWithoutKey  told (with the sender's address) when this director has no key and
     *                            hears signed traffic for its cluster
     * @param onNameClaimed       told of a fresh message from another run that carries this director's name
     */
    Inbox(String cluster, MessageSeal seal, Set<String> configured, String selfName, long selfIncarnation,
          Consumer<String> onSignedWithoutKey, Consumer<ClusterMessage> onNameClaimed) {
        this.cluster = cluster;
        this.seal = seal;
        this.configured = Set.copyOf(configured);
        this.selfName = selfName;
        this.selfIncarnation = selfIncarnation;
        this.onSignedWithoutKey = onSignedWithoutKey;
        this.onNameClaimed = onNameClaimed;
    }

    /**
     * @param text   the sealed message
     * @param source the UDP source (host:port) of a beacon, or empty for the replicated map
     */
    Optional<ClusterMessage> accept(String text, Optional<String> source, long nowMillis) {
        return accept(text, source, source.isPresent() ? beaconGuard : mapGuard, nowMillis);
    }

    /** A line read from the peer link to {@code member} (host:port as configured): checked as a beacon from there. */
    Optional<ClusterMessage> acceptFromLink(String text, String member, long nowMillis) {
        return accept(text, Optional.of(member), linkGuard, nowMillis);
    }

    private Optional<ClusterMessage> accept(String text, Optional<String> source, ReplayGuard guard, long nowMillis) {
        String from = source.orElse("the replicated map");
        MessageSeal.Opened opened = seal.open(text);
        if (!opened.ok()) {
            if (opened.rejected().equals("signed")) {
                onSignedWithoutKey.accept(from);
            }
            return reject(opened.rejected(), from, nowMillis);
        }
        Optional<ClusterMessage> decoded = MessageCodec.decode(opened.json());
        if (decoded.isEmpty()) {
            return reject("malformed", from, nowMillis);
        }
        ClusterMessage m = decoded.get();
        if (!m.cluster().equals(cluster)) {
            return reject("other_cluster", from, nowMillis);
        }
        if (!configured.contains(m.address()) || source.filter(s -> !s.equals(m.address())).isPresent()) {
            // Kept by host: a sender that changes its source port is still one intruder (and one log line).
            String address = source.orElse(m.address());
            if (intruders.putIfAbsent(host(address), new Intruder(address, m.sender(), source.isPresent() ? "beacon" : "cluster",
                    nowMillis)) == null) {
                LOG.warn("intruder: {} speaks for cluster {} as '{}' but is not in cluster.members; it is ignored",
                        address, cluster, m.sender());
            }
            return reject("not_member", host(address), nowMillis);
        }
        if (m.sender().equals(selfName) && m.incarnation() == selfIncarnation) {
            return Optional.empty(); // this director's own entry, echoed by the map
        }
        String stale = guard.check(m, nowMillis);
        if (stale != null) {
            if (stale.equals("duplicate") && source.isEmpty()) {
                return Optional.empty(); // the map delivered the same entry twice (its event and its read)
            }
            if (stale.equals("duplicate")) {
                stale = "replay"; // a beacon or a line sent once arrives once: a second copy was sent by someone else
            }
            if (stale.equals("stale") && source.isEmpty()) {
                // An entry a departed director left in the map: old by nature, not an attack; count it only.
                rejected.computeIfAbsent(stale, r -> new LongAdder()).increment();
                return Optional.empty();
            }
            return reject(stale, m.sender() + " at " + m.address(), nowMillis);
        }
        if (m.sender().equals(selfName)) {
            onNameClaimed.accept(m);
            return Optional.empty();
        }
        return decoded;
    }

    /** The key file was read again (a rotation). */
    void rekey(MessageSeal next) {
        seal = next;
    }

    /** A Hazelcast member at an address that is not configured. */
    void memberAt(String address, String claims, long nowMillis) {
        if (!configured.contains(address) && intruders.putIfAbsent(host(address), new Intruder(address, claims, "cluster",
                nowMillis)) == null) {
            LOG.warn("intruder: {} joined cluster {} as '{}' but is not in cluster.members; it is never a candidate",
                    address, cluster, claims);
        }
    }

    boolean configured(String address) {
        return configured.contains(address);
    }

    Map<String, Long> rejectedByReason() {
        Map<String, Long> out = new java.util.TreeMap<>();
        rejected.forEach((reason, n) -> out.put(reason, n.sum()));
        return out;
    }

    List<Intruder> intruders() {
        return intruders.values().stream().sorted(java.util.Comparator.comparing(Intruder::address)).toList();
    }

    private Optional<ClusterMessage> reject(String reason, String sender, long nowMillis) {
        rejected.computeIfAbsent(reason, r -> new LongAdder()).increment();
        String key = sender + "/" + reason;
        Long last = lastLogged.get(key);
        if (last == null || nowMillis - last >= LOG_EVERY_MILLIS) {
            lastLogged.put(key, nowMillis);
            LOG.warn("dropped a cluster message from {}: {}", sender, describe(reason));
        }
        return Optional.empty();
    }

    private static String host(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return colon < 0 ? hostPort : hostPort.substring(0, colon);
    }

    private static String describe(String reason) {
        return switch (reason) {
            case "signed" -> "it is signed and this director has no cluster.key_file";
            case "unsigned" -> "it is not signed (the sender has no cluster.key_file)";
            case "bad_signature" -> "its signature does not match any key of cluster.key_file";
            case "replay" -> "it is a copy of an older message (replay)";
            case "stale" -> "its send time is more than " + WINDOW_MILLIS / 1000 + " s from this director's clock"
                    + " (a replay, or clocks out of step)";
            case "name_clash" -> "it comes from a second process using a live director's name; the one that"
                    + " started first keeps the name";
            case "not_member" -> "its address is not in cluster.members";
            case "other_cluster" -> "it is for another cluster name";
            default -> "it is malformed";
        };
    }
}
