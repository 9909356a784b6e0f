package io.ipvsdirector.kernel.ipvs;

import static io.ipvsdirector.kernel.ipvs.IpvsUapi.STATS_ATTR_CONNS;
import static io.ipvsdirector.kernel.ipvs.IpvsUapi.STATS_ATTR_CPS;
import static io.ipvsdirector.kernel.ipvs.IpvsUapi.STATS_ATTR_INBPS;
import static io.ipvsdirector.kernel.ipvs.IpvsUapi.STATS_ATTR_INBYTES;
import static io.ipvsdirector.kernel.ipvs.IpvsUapi.STATS_ATTR_INPKTS;
import static io.ipvsdirector.kernel.ipvs.IpvsUapi.STATS_ATTR_INPPS;
import static io.ipvsdirector.kernel.ipvs.IpvsUapi.STATS_ATTR_OUTBPS;
import static io.ipvsdirector.kernel.ipvs.IpvsUapi.STATS_ATTR_OUTBYTES;
import static io.ipvsdirector.kernel.ipvs.IpvsUapi.STATS_ATTR_OUTPKTS;
import static io.ipvsdirector.kernel.ipvs.IpvsUapi.STATS_ATTR_OUTPPS;

import io.ipvsdirector.kernel.netlink.Attributes;
import io.ipvsdirector.kernel.netlink.MessageWriter;

/** Wire form of {@link Stats}: the nested STATS (32-bit, bytes 64-bit) and STATS64 (all 64-bit) attributes. */
final class StatsCodec {
    private StatsCodec() {
    }

    /** STATS as the kernel writes it: u32 counters and rates, u64 byte counters. */
    static void write32(MessageWriter w, int type, Stats s) {
        w.nested(type, () -> {
            w.attrU32(STATS_ATTR_CONNS, (int) s.connections());
            w.attrU32(STATS_ATTR_INPKTS, (int) s.inPackets());
            w.attrU32(STATS_ATTR_OUTPKTS, (int) s.outPackets());
            w.attrU64(STATS_ATTR_INBYTES, s.inBytes());
            w.attrU64(STATS_ATTR_OUTBYTES, s.outBytes());
            w.attrU32(STATS_ATTR_CPS, (int) s.connectionRate());
            w.attrU32(STATS_ATTR_INPPS, (int) s.inPacketRate());
            w.attrU32(STATS_ATTR_OUTPPS, (int) s.outPacketRate());
            w.attrU32(STATS_ATTR_INBPS, (int) s.inByteRate());
            w.attrU32(STATS_ATTR_OUTBPS, (int) s.outByteRate());
        });
    }

    static void write64(MessageWriter w, int type, Stats s) {
        w.nested(type, () -> {
            long[] v = values(s);
            for (int i = 0; i < v.length; i++) {
                w.attrU64(STATS_ATTR_CONNS + i, v[i]);
            }
        });
    }

    /** Reads either width: each value is as wide as its attribute (4 bytes unsigned, or 8). */
    static Stats read(Attributes parent, int type) {
        if (!parent.has(type)) {
            return Stats.ZERO;
        }
        Attributes a = parent.nested(type);
        long[] v = new long[10];
        for (int i = 0; i < v.length; i++) {
            int t = STATS_ATTR_CONNS + i;
            if (a.has(t)) {
                v[i] = a.length(t) >= 8 ? a.u64(t) : Integer.toUnsignedLong(a.u32(t));
            }
        }
        return new Stats(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]);
    }

    /** The values in attribute order: CONNS (1) to OUTBPS (10), as the header numbers them. */
    private static long[] values(Stats s) {
        return new long[] {s.connections(), s.inPackets(), s.outPackets(), s.inBytes(), s.outBytes(),
            s.connectionRate(), s.inPacketRate(), s.outPacketRate(), s.inByteRate(), s.outByteRate()};
    }
}
