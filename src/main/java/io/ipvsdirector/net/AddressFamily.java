package io.ipvsdirector.net;

import java.net.Inet4Address;
import java.net.InetAddress;

/** IPv4 or IPv6, with the Linux AF_* number the kernel APIs use. */
public enum AddressFamily {
    IPV4(2, 32, "ipv4"),
    IPV6(10, 128, "ipv6");

    private final int af;
    private final int bits;
    private final String label;

    AddressFamily(int af, int bits, String label) {
        this.af = af;
        this.bits = bits;
        this.label = label;
    }

    /** The AF_INET / AF_INET6 constant of the Linux ABI. */
    public int af() {
        return af;
    }

    /** Address length in bits: 32 or 128. */
    public int bits() {
        return bits;
    }

    /** Address length in bytes: 4 or 16. */
    public int bytes() {
        return bits / 8;
    }

    public static AddressFamily of(InetAddress address) {
        return address instanceof Inet4Address ? IPV4 : IPV6;
    }

    public static AddressFamily ofAf(int af) {
        for (AddressFamily f : values()) {
            if (f.af == af) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown address family " + af);
    }

    /** "ipv4" / "ipv6", the spelling used in the configuration. */
    @Override
    public String toString() {
        return label;
    }
}
