package io.ipvsdirector.net;

import java.net.InetAddress;
import java.util.Objects;

/**
 * The identity of an IPVS virtual service: protocol + address + port, or firewall mark + family.
 * Two services with equal keys are the same kernel object.
 */
public record ServiceKey(AddressFamily family, Protocol protocol, InetAddress address, int port, int fwmark) {
    public ServiceKey {
        Objects.requireNonNull(family, "family");
        if (fwmark == 0) {
            Objects.requireNonNull(protocol, "protocol");
            Objects.requireNonNull(address, "address");
            if (AddressFamily.of(address) != family) {
                throw new IllegalArgumentException("address " + address + " is not " + family);
            }
        } else if (protocol != null || address != null || port != 0) {
            throw new IllegalArgumentException("a fwmark service has no protocol, address or port");
        }
    }

    public static ServiceKey of(Protocol protocol, InetAddress address, int port) {
        return new ServiceKey(AddressFamily.of(address), protocol, address, port, 0);
    }

    public static ServiceKey ofFwmark(AddressFamily family, int fwmark) {
        if (fwmark == 0) {
            throw new IllegalArgumentException("fwmark must not be 0");
        }
        return new ServiceKey(family, null, null, 0, fwmark);
    }

    public boolean isFwmark() {
        return fwmark != 0;
    }

    /** "192.0.2.10:80/tcp", "[2001:db8::10]:53/udp" or "fwmark 100/ipv4". */
    @Override
    public String toString() {
        return isFwmark()
                ? "fwmark " + Integer.toUnsignedString(fwmark) + "/" + family
                : InetAddresses.toText(address, port) + "/" + protocol;
    }
}
