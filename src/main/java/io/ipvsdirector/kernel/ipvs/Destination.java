package io.ipvsdirector.kernel.ipvs;

import io.ipvsdirector.net.AddressFamily;
import io.ipvsdirector.net.InetAddresses;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * A real server of a virtual service as the kernel stores it, without counters. Its address family
 * is its own: a tunnelled destination may differ from its service's. {@code tunnel} is present
 * exactly for TUNNEL forwarding.
 */
public record Destination(InetAddress address, int port, ForwardingMethod forwarding, Optional<Tunnel> tunnel,
                          int weight, int upperThreshold, int lowerThreshold) {
    public Destination {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(forwarding, "forwarding");
        if (forwarding == ForwardingMethod.TUNNEL) {
            tunnel = Optional.of(tunnel.orElse(Tunnel.IPIP));
        } else if (tunnel.isPresent()) {
            throw new IllegalArgumentException("only TUNNEL forwarding has a tunnel, not " + forwarding);
        }
    }

    /** Identity within its service: address and port. */
    public record Key(InetAddress address, int port) {
        public AddressFamily family() {
            return AddressFamily.of(address);
        }

        /** "10.0.1.11:8080" or "[2001:db8::7]:80". */
        @Override
        public String toString() {
            return InetAddresses.toText(address, port);
        }
    }

    public static Destination of(InetAddress address, int port, ForwardingMethod forwarding, int weight) {
        return new Destination(address, port, forwarding, Optional.empty(), weight, 0, 0);
    }

    public Key key() {
        return new Key(address, port);
    }

    public AddressFamily family() {
        return AddressFamily.of(address);
    }

    public Destination withWeight(int w) {
        return new Destination(address, port, forwarding, tunnel, w, upperThreshold, lowerThreshold);
    }
}
