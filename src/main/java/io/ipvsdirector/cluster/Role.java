package io.ipvsdirector.cluster;

/** A director's role in its cluster. */
public enum Role {
    /** Joining the cluster and learning its state; never eligible. */
    STARTING,
    /** Ready to take over; keeps the IPVS table hot but owns no VIP. */
    STANDBY,
    /** Owns the VIPs. At most one per connected cluster. */
    ACTIVE,
    /** A tracked interface, gateway or script failed: not eligible until it recovers. */
    FAULT,
    /** Shutting down: has given up its VIPs and is leaving. */
    STOPPING,
    /** A third, VIP-less member that only gives a pair of directors a majority; never elected. */
    WITNESS
}
