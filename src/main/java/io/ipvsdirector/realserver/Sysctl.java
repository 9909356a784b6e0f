package io.ipvsdirector.realserver;

import java.util.List;

/**
 * A kernel setting, as path segments under /proc/sys: {@code [net, ipv4, conf, eth0.100, arp_ignore]}.
 * Segments are kept apart because interface names may contain dots.
 */
public record Sysctl(List<String> segments) {
    public Sysctl {
        segments = List.copyOf(segments);
    }

    public static Sysctl of(String... segments) {
        return new Sysctl(List.of(segments));
    }

    /** net.ipv4.conf.IFACE.KEY */
    public static Sysctl ipv4Conf(String iface, String key) {
        return of("net", "ipv4", "conf", iface, key);
    }

    /** The path below /proc/sys. */
    public String path() {
        return String.join("/", segments);
    }

    /** Parses {@link #path()} back. */
    public static Sysctl ofPath(String path) {
        return new Sysctl(List.of(path.split("/")));
    }

    /** The name sysctl(8) prints: dots between segments, a dot inside a segment written as '/'. */
    @Override
    public String toString() {
        return String.join(".", segments.stream().map(s -> s.replace('.', '/')).toList());
    }
}
