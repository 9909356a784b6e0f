package io.ipvsdirector.cluster;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Other runs that speak with this director's name. A previous run of this director leaves its last
 * entry in the replicated map, so only a run that goes on speaking after this one started is another
 * process; of two such, the one that started first keeps the name and the other stays out (FAULT).
 * Runs on the cluster node's context.
 */
final class NameClaims {
    private static final Logger LOG = LoggerFactory.getLogger(NameClaims.class);

    /** The highest message number seen from one run, and whether the clash was acted on. */
    private record Claim(long counter, boolean confirmed) {
    }

    private final long startedMillis;
    private final long incarnation;
    private final BiConsumer<String, String> fault;
    private final Map<Long, Claim> claimants = new HashMap<>();

    /** @param fault called with a fault source and its reason when this run must stay out */
    NameClaims(long startedMillis, long incarnation, BiConsumer<String, String> fault) {
        this.startedMillis = startedMillis;
        this.incarnation = incarnation;
        this.fault = fault;
    }

    /** A verified message from another run with this director's name. */
    void claimed(ClusterMessage other) {
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
            fault.accept("name", "another director named " + other.sender() + " is live at " + other.address()
                    + " and started first: give this one its own node.name");
        } else {
            LOG.warn("another process at {} claims this director's name {}; it started later and is refused",
                    other.address(), other.sender());
        }
    }
}
