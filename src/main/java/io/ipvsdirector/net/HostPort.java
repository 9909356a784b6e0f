package io.ipvsdirector.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/** An IP literal and a port: "10.0.0.11:5701" or "[2001:db8::11]:5701". */
public record HostPort(InetAddress address, int port) {
    public HostPort {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
    }

    public static HostPort parse(String text) {
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf("]:");
            if (close < 0) {
                throw new IllegalArgumentException("'" + text + "' is not [IPv6]:PORT");
            }
            host = text.substring(1, close);
            port = text.substring(close + 2);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon < 0 || text.indexOf(':') != colon) {
                throw new IllegalArgumentException("'" + text + "' is not ADDRESS:PORT (write IPv6 as [ADDRESS]:PORT)");
            }
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
        }
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
            throw new IllegalArgumentException("'" + port + "' is not a port number (0..65535)");
        }
        return new HostPort(InetAddresses.parse(host), Integer.parseInt(port));
    }

    public InetSocketAddress toSocketAddress() {
        return new InetSocketAddress(address, port);
    }

    @Override
    public String toString() {
        return InetAddresses.toText(address, port);
    }
}
