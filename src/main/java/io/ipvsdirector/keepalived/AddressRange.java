package io.ipvsdirector.keepalived;

import java.util.ArrayList;
import java.util.List;

/**
 * A virtual_server_group address: one address, or keepalived's range form {@code 10.0.0.1-10}
 * (the last IPv4 octet, or the last IPv6 group in hex, runs up to the number after the dash).
 */
final class AddressRange {
    private static final int MAX = 256;

    private AddressRange() {
    }

    /** The addresses, or empty when the text is no address or range. */
    static List<String> expand(String text) {
        String s = text.contains("/") ? text.substring(0, text.indexOf('/')) : text;
        int dash = s.lastIndexOf('-');
        if (dash < 0) {
            return looksLikeAddress(s) ? List.of(s) : List.of();
        }
        String first = s.substring(0, dash);
        String end = s.substring(dash + 1);
        boolean v6 = first.contains(":");
        int sep = v6 ? first.lastIndexOf(':') : first.lastIndexOf('.');
        if (sep < 0 || !looksLikeAddress(first)) {
            return List.of();
        }
        try {
            int radix = v6 ? 16 : 10;
            int from = Integer.parseInt(first.substring(sep + 1), radix);
            int to = Integer.parseInt(end, radix);
            if (to < from || to - from >= MAX || to > (v6 ? 0xffff : 255)) {
                return List.of();
            }
            List<String> out = new ArrayList<>();
            for (int i = from; i <= to; i++) {
                out.add(first.substring(0, sep + 1) + (v6 ? Integer.toHexString(i) : Integer.toString(i)));
            }
            return out;
        } catch (NumberFormatException e) {
            return List.of();
        }
    }

    private static boolean looksLikeAddress(String s) {
        return s.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}") || (s.contains(":") && s.matches("[0-9A-Fa-f:.]+"));
    }
}
