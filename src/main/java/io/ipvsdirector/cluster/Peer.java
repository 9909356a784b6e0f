package io.ipvsdirector.cluster;

/**
 * Everything this director knows of one peer, in one place: its latest state, whether the cluster
 * layer lists it, and its liveness (when it was last heard, whether it is silent, its damped
 * timeout). Kept by {@link Peers}, keyed by the peer's node name, on the cluster node's context.
 */
final class Peer {
    final String name;
    /** The latest state heard (by beacon or map), and its stamp; null until one arrives. */
    NodeState state;
    Stamp stamp;
    /** The ACTIVE this peer said it sees, with the same state. */
    ClusterMessage.Sighting sees = ClusterMessage.Sighting.NONE;
    /** The peers this peer said it hears, with the same state: whether it hears this director back. */
    java.util.Set<String> hears = java.util.Set.of();
    /** It says it is handing its group over at the operator's request: STARTING, but leaving, not electing itself. */
    boolean handingOver;
    /** When its state last turned STARTING (nanoTime). */
    long startingSince;
    /** Listed by the cluster layer now, and since when (nanoTime). */
    boolean member;
    long memberSince;
    /** Its beacon has been heard at least once: UDP works with it, so only fresh traffic proves it alive. */
    boolean beaconed;
    /** The run ({@link Stamp#incarnation}) whose beacon was heard last: a later run proves life by its own beacon. */
    long beaconedRun;
    /** Fresh traffic since this director last forgot liveness; {@code heard} false means none. */
    boolean heard;
    long lastHeard;
    /** The first beacon since liveness was forgotten, and whether a second one has come after it. */
    boolean heardOnce;
    long firstSinceForget;
    boolean heardAfresh;
    /**
     * Declared silent at once because the cluster layer dropped it while its beacon had stopped (a
     * crash, or a merge's churn): its vote and its hold on the VIPs still last the base timeout.
     */
    boolean dropped;
    /**
     * Its process died, by the peer link's evidence (its connection ended, a reconnect was refused),
     * and the run that died ({@link Stamp#incarnation}): out of the election at once, with no vote and
     * no hold on the VIPs. Only its beacon, or a message of a later run, brings it back.
     */
    boolean crashed;
    long crashedRun;
    /** Declared silent, and since when. */
    boolean silent;
    long silentSince;
    /**
     * Its vote for this director's majority has lapsed: not heard for the base timeout, even when its
     * damped timeout still counts it alive. Set by {@link Peers#expire}, cleared when it is heard.
     */
    boolean voteLapsed;
    /** Its timeout: the base, doubled by damping when it stalled; and when it last grew. */
    long timeout;
    long dampedAt;
    boolean warnedUnheard;

    Peer(String name, long baseTimeout) {
        this.name = name;
        this.timeout = baseTimeout;
    }

    /** Everything about liveness goes; what it said (its state), what the cluster layer says and a known crash stay. */
    void forgetLiveness() {
        heard = false;
        dropped = false;
        silent = false;
        heardOnce = false;
        heardAfresh = false;
    }
}
