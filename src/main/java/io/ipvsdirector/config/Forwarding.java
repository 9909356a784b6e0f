package io.ipvsdirector.config;

/** LVS forwarding methods. */
public enum Forwarding implements Spelled {
    /** Masquerading: the director rewrites the destination and the replies come back through it. */
    NAT,
    /** Direct routing: the frame is sent to the real server's MAC; replies go straight to the client. */
    DR,
    /** IP tunnelling (ipip, gue, gre) to the real server. */
    TUN;

    @Override
    public String toString() {
        return spelling();
    }
}
