package io.ipvsdirector.net;

import java.net.InetAddress;

/** An address with a prefix length, as in "192.0.2.10/32" or "2001:db8::10/128". */
public record IpPrefix(InetAddress address, int length) {
    public IpPrefix {
        int max = family(address).bits();
        if (length < 0 || length > max) {
            throw new IllegalArgumentException("prefix length must be 0.." + max + ", got " + length);
        }
    }

    /** Parses "ADDR/LEN"; without "/LEN" the prefix is a single host (/32 or /128). */
    public static IpPrefix parse(String text) {
        int slash = text.indexOf('/');
        InetAddress address = InetAddresses.parse(slash < 0 ? text : text.substring(0, slash));
        if (slash < 0) {
            return new IpPrefix(address, family(address).bits());
        }
        String len = text.substring(slash + 1);
        if (!len.matches("\\d{1,3}")) {
            throw new IllegalArgumentException("'" + len + "' is not a prefix length");
        }
        return new IpPrefix(address, Integer.parseInt(len));
    }

    public AddressFamily family() {
        return family(address);
    }

    private static AddressFamily family(InetAddress address) {
        return AddressFamily.of(address);
    }

    @Override
    public String toString() {
        return InetAddresses.toText(address) + "/" + length;
    }
}
