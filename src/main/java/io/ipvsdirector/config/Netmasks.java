package io.ipvsdirector.config;

import io.ipvsdirector.net.AddressFamily;
import io.ipvsdirector.net.InetAddresses;

/** Netmasks as IPVS persistence takes them: dotted IPv4 masks or prefix lengths. */
final class Netmasks {
    private Netmasks() {
    }

    /** "255.255.255.0", "24" or "/24" for IPv4; "64" or "/64" for IPv6. */
    static int prefixLength(String text, AddressFamily family) {
        String t = text.startsWith("/") ? text.substring(1) : text;
        if (t.matches("\\d{1,3}")) {
            int n = Integer.parseInt(t);
            if (n < 1 || n > family.bits()) {
                throw new IllegalArgumentException("prefix length must be 1.." + family.bits() + " for " + family + ", got " + n);
            }
            return n;
        }
        if (family == AddressFamily.IPV6) {
            throw new IllegalArgumentException("'" + text + "' is not a prefix length; IPv6 services take one, such as 64");
        }
        if (!InetAddresses.isDottedQuad(t)) {
            throw new IllegalArgumentException("'" + text + "' is not a netmask (255.255.255.0) or a prefix length (24)");
        }
        byte[] b = InetAddresses.parse(t).getAddress();
        long mask = ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL);
        int length = Long.numberOfLeadingZeros(~mask & 0xffffffffL) - 32;
        long expect = length == 0 ? 0 : (0xffffffffL << (32 - length)) & 0xffffffffL;
        if (mask != expect || length == 0) {
            throw new IllegalArgumentException("'" + text + "' is not a contiguous netmask such as 255.255.255.0");
        }
        return length;
    }

    /** The dotted form of an IPv4 prefix length. */
    static String dotted(int length) {
        long mask = length == 0 ? 0 : (0xffffffffL << (32 - length)) & 0xffffffffL;
        return ((mask >> 24) & 0xff) + "." + ((mask >> 16) & 0xff) + "." + ((mask >> 8) & 0xff) + "." + (mask & 0xff);
    }
}
