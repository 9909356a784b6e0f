package io.ipvsdirector.kernel.probe;

import java.net.InetAddress;

/** An ICMP echo reply that came back to our socket: who sent it and the sequence number it carries. */
public record EchoReply(InetAddress from, int sequence) {
}
