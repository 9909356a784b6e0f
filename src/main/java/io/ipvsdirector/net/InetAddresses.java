package io.ipvsdirector.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Strict parsing and canonical printing of IP address literals.
 *
 * <p>{@link InetAddress#getByName} resolves anything that is not a literal through DNS; a
 * configuration typo must never turn into a lookup, so literals are parsed here by hand and turned
 * into addresses with {@link InetAddress#getByAddress}, which never resolves.
 */
public final class InetAddresses {
    private InetAddresses() {
    }

    /** Parses an IPv4 dotted quad or an IPv6 literal (RFC 4291 text forms, no zone id). */
    public static InetAddress parse(String text) {
        byte[] bytes = text.indexOf(':') >= 0 ? parseV6(text) : parseV4(text);
        if (bytes == null) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address");
        }
        if (isV4Mapped(bytes)) {
            // Java would silently turn ::ffff:a.b.c.d into an IPv4 address and change its family.
            throw new IllegalArgumentException("'" + text + "' is an IPv4-mapped IPv6 address; write the IPv4 address");
        }
        return fromBytes(bytes);
    }

    /** True for a strict IPv4 dotted quad. */
    public static boolean isDottedQuad(String text) {
        return parseV4(text) != null;
    }

    private static boolean isV4Mapped(byte[] b) {
        if (b.length != 16 || (b[10] & 0xff) != 0xff || (b[11] & 0xff) != 0xff) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    public static InetAddress fromBytes(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("address must be 4 or 16 bytes, got " + bytes.length, e);
        }
    }

    /** Text form: dotted quad, or RFC 5952 compressed lower-case IPv6. */
    public static String toText(InetAddress address) {
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        int[] words = new int[8];
        for (int i = 0; i < 8; i++) {
            words[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        // RFC 5952: compress the longest run (the first of equals) of two or more zero words.
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (words[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && words[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(words[i]));
        }
        return sb.toString();
    }

    /** "192.0.2.1:80" or "[2001:db8::1]:80". */
    public static String toText(InetAddress address, int port) {
        String host = toText(address);
        return (address instanceof Inet6Address ? "[" + host + "]" : host) + ":" + port;
    }

    static byte[] parseV4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
                return null;
            }
            int v = 0;
            for (int k = 0; k < p.length(); k++) {
                char c = p.charAt(k);
                if (c < '0' || c > '9') {
                    return null;
                }
                v = v * 10 + (c - '0');
            }
            if (v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }

    static byte[] parseV6(String text) {
        if (text.isEmpty() || text.length() > 45) {
            return null;
        }
        // An embedded IPv4 tail (::ffff:192.0.2.1) becomes two hex words.
        String s = text;
        byte[] v4 = null;
        int lastColon = s.lastIndexOf(':');
        if (s.indexOf('.', lastColon) > 0) {
            v4 = parseV4(s.substring(lastColon + 1));
            if (v4 == null) {
                return null;
            }
            s = s.substring(0, lastColon + 1) + "0:0";
        }
        int dbl = s.indexOf("::");
        if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) {
            return null;
        }
        String head = dbl >= 0 ? s.substring(0, dbl) : s;
        String tail = dbl >= 0 ? s.substring(dbl + 2) : "";
        int[] headWords = words(head);
        int[] tailWords = words(tail);
        if (headWords == null || tailWords == null) {
            return null;
        }
        int count = headWords.length + tailWords.length;
        if ((dbl < 0 && count != 8) || (dbl >= 0 && count > 7)) {
            return null;
        }
        byte[] out = new byte[16];
        for (int i = 0; i < headWords.length; i++) {
            out[2 * i] = (byte) (headWords[i] >> 8);
            out[2 * i + 1] = (byte) headWords[i];
        }
        for (int i = 0; i < tailWords.length; i++) {
            int w = 8 - tailWords.length + i;
            out[2 * w] = (byte) (tailWords[i] >> 8);
            out[2 * w + 1] = (byte) tailWords[i];
        }
        if (v4 != null) {
            System.arraycopy(v4, 0, out, 12, 4);
        }
        return out;
    }

    private static int[] words(String part) {
        if (part.isEmpty()) {
            return new int[0];
        }
        String[] groups = part.split(":", -1);
        int[] out = new int[groups.length];
        for (int i = 0; i < groups.length; i++) {
            String g = groups[i];
            if (g.isEmpty() || g.length() > 4) {
                return null;
            }
            int v = 0;
            for (int k = 0; k < g.length(); k++) {
                int d = Character.digit(g.charAt(k), 16);
                if (d < 0) {
                    return null;
                }
                v = (v << 4) | d;
            }
            out[i] = v;
        }
        return out;
    }
}
