package io.ipvsdirector.net;

import java.util.Locale;

/** Transport protocols IPVS can balance, with their IANA protocol numbers. */
public enum Protocol {
    TCP(6),
    UDP(17),
    SCTP(132);

    private final int number;

    Protocol(int number) {
        this.number = number;
    }

    /** The IPPROTO_* number. */
    public int number() {
        return number;
    }

    public static Protocol ofNumber(int number) {
        for (Protocol p : values()) {
            if (p.number == number) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown IP protocol " + number);
    }

    /** "tcp", "udp", "sctp": the configuration's spelling. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
