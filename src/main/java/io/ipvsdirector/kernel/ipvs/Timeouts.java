package io.ipvsdirector.kernel.ipvs;

/** The IPVS connection timeouts in seconds: TCP established, TCP FIN wait, UDP. In a set, 0 keeps the current one. */
public record Timeouts(int tcp, int tcpFin, int udp) {
}
