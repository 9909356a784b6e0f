package io.ipvsdirector.kernel.probe;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * How a probe socket's packets leave the host: its address family, the local address it is bound
 * to, the interface it is bound to (SO_BINDTODEVICE) and the firewall mark of its packets (SO_MARK,
 * 0 for none), which policy routing rules can match. ICMP probes with equal paths share one socket.
 */
public record SocketPath(boolean ipv6, Optional<InetAddress> source, Optional<String> device, int mark) {
    public SocketPath {
        if (source.isPresent() && (source.get() instanceof Inet6Address) != ipv6) {
            throw new IllegalArgumentException("source " + source.get() + " is not of the socket's family");
        }
    }

    /** The path of a plain socket of the family: kernel-chosen source, any interface, no mark. */
    public static SocketPath of(boolean ipv6) {
        return new SocketPath(ipv6, Optional.empty(), Optional.empty(), 0);
    }

    @Override
    public String toString() {
        return (ipv6 ? "IPv6" : "IPv4") + source.map(s -> " from " + s.getHostAddress()).orElse("")
                + device.map(d -> " on " + d).orElse("") + (mark != 0 ? " mark " + Integer.toUnsignedString(mark) : "");
    }
}
