package io.ipvsdirector.health;

import io.ipvsdirector.config.CheckSpec;
import io.ipvsdirector.net.InetAddresses;
import java.net.InetAddress;

/**
 * What one probe checks: an address, the port the check connects to, and the effective check spec.
 * Equal targets are one probe, whatever the number of virtual servers whose real servers map to it.
 */
public record ProbeTarget(InetAddress address, int port, CheckSpec spec) {

    /** "10.0.1.11:8080", "[2001:db8::7]:80", or the bare address when the port is 0 (exec, file). */
    public String endpoint() {
        return port == 0 ? InetAddresses.toText(address) : InetAddresses.toText(address, port);
    }

    /** The address in text form, as substituted for "{address}". */
    public String addressText() {
        return InetAddresses.toText(address);
    }

    /** "http 10.0.1.11:8080 GET /health status [200-299]": type, endpoint and the spec's parameters. */
    public String describe() {
        return spec.type() + " " + endpoint() + spec.params().describe();
    }

    @Override
    public String toString() {
        return describe();
    }
}
