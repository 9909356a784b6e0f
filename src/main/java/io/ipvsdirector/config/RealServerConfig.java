package io.ipvsdirector.config;

import io.ipvsdirector.net.AddressFamily;
import io.ipvsdirector.net.InetAddresses;
import java.net.InetAddress;
import java.util.Optional;

/**
 * A real server of a virtual server, with everything inherited already applied: forwarding, tunnel
 * and the effective check. {@code port} is 0 only for real servers of fwmark services given without one.
 */
public record RealServerConfig(
        InetAddress address,
        int port,
        int weight,
        int upperThreshold,
        int lowerThreshold,
        Forwarding forwarding,
        Optional<TunnelConfig> tunnel,
        CheckSpec check) {

    /** Identity within its virtual server. */
    public record Key(InetAddress address, int port) {
        /** "10.0.1.11:8080", "[2001:db8::7]:80", or the bare address when there is no port (fwmark). */
        @Override
        public String toString() {
            return port == 0 ? InetAddresses.toText(address) : InetAddresses.toText(address, port);
        }
    }

    public Key key() {
        return new Key(address, port);
    }

    public AddressFamily family() {
        return AddressFamily.of(address);
    }

    /**
     * The port a check connects to: the check's own port, else the real server's; 0 for ping, which
     * has none, so that the real servers of one address share one ping whatever their ports.
     */
    public int checkPort() {
        return check.type() == CheckType.PING ? 0 : check.port().orElse(port);
    }

    @Override
    public String toString() {
        return key().toString();
    }
}
