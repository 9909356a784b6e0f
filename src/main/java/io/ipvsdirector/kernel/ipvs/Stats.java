package io.ipvsdirector.kernel.ipvs;

/**
 * Traffic counters and rates of a service or destination. The kernel reports them twice: with
 * 32-bit counters (bytes 64-bit) in STATS and all 64-bit in STATS64 (Linux 4.1+); both decode here.
 */
public record Stats(long connections, long inPackets, long outPackets, long inBytes, long outBytes,
                    long connectionRate, long inPacketRate, long outPacketRate, long inByteRate, long outByteRate) {
    public static final Stats ZERO = new Stats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
