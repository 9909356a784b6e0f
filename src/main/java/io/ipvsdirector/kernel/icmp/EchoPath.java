package io.ipvsdirector.kernel.icmp;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * How an ICMP socket's requests leave the host: its address family, the local address it is bound
 * to, the interface it is bound to (SO_BINDTODEVICE) and the firewall mark of its packets (SO_MARK,
 * 0 for none), which policy routing rules can match. Probes with equal paths share one socket.
 */
public record EchoPath(boolean ipv6, Optional<InetAddress> source, Optional<String> device, int mark) {
    public EchoPath {
        if (source.isPresent() && (source.get() instanceof Inet6Address) != ipv6) {
            throw new IllegalArgumentException("source " + source.get() + " is not of the socket's family");
        }
    }

    /** The path of a plain socket of the family: kernel-chosen source, any interface, no mark. */
    public static EchoPath of(boolean ipv6) {
        return new EchoPath(ipv6, Optional.empty(), Optional.empty(), 0);
    }

    @Override
    public String toString() {
        return (ipv6 ? "ICMPv6" : "ICMP") + source.map(s -> " from " + s.getHostAddress()).orElse("")
                + device.map(d -> " on " + d).orElse("") + (mark != 0 ? " mark " + Integer.toUnsignedString(mark) : "");
    }
}
