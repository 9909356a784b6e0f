package io.ipvsdirector.config;

/** LVS forwarding methods. */
public enum Forwarding implements Spelled {
    /** Masquerading: the director rewrites the destination and the replies come back through it. */
    NAT("nat"),
    /** Direct routing: the frame is sent to the real server's MAC; replies go straight to the client. */
    DR("dr"),
    /** IP tunnelling (ipip, gue, gre) to the real server. */
    TUN("tun");

    private final String spelling;

    Forwarding(String spelling) {
        this.spelling = spelling;
    }

    @Override
    public String spelling() {
        return spelling;
    }

    @Override
    public String toString() {
        return spelling;
    }
}
