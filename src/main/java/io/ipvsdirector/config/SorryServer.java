package io.ipvsdirector.config;

import io.ipvsdirector.net.InetAddresses;
import java.net.InetAddress;

/** The server that takes the traffic when a virtual server has lost its quorum. */
public record SorryServer(InetAddress address, int port, Forwarding forwarding) {
    @Override
    public String toString() {
        return InetAddresses.toText(address, port) + " " + forwarding;
    }
}
