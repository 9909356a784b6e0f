package io.ipvsdirector.realserver;

/** How the director reaches this real server. */
public enum RealServerMode {
    /** Direct routing: same L2 segment, frames to this server's MAC with the VIP as destination. */
    DR,
    /** Tunnelling: IP-in-IP (or IPv6-in-IPv6) packets to this server's address. */
    TUN
}
