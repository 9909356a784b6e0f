package io.ipvsdirector.kernel.ipvs;

import static io.ipvsdirector.kernel.ipvs.IpvsUapi.DEST_ATTR_ACTIVE_CONNS;
import static io.ipvsdirector.kernel.ipvs.IpvsUapi.DEST_ATTR_ADDR;
import static io.ipvsdirector.kernel.ipvs.IpvsUapi.DEST_ATTR_ADDR_FAMILY;
import static io.ipvsdirector.kernel.ipvs.IpvsUapi.DEST_ATTR_FWD_METHOD;
import static io.ipvsdirector.kernel.ipvs.IpvsUapi.DEST_ATTR_INACT_CONNS;
import static io.ipvsdirector.kernel.ipvs.IpvsUapi.DEST_ATTR_L_THRESH;
import static io.ipvsdirector.kernel.ipvs.IpvsUapi.DEST_ATTR_PERSIST_CONNS;
import static io.ipvsdirector.kernel.ipvs.IpvsUapi.DEST_ATTR_PORT;
import static io.ipvsdirector.kernel.ipvs.IpvsUapi.DEST_ATTR_STATS;
import static io.ipvsdirector.kernel.ipvs.IpvsUapi.DEST_ATTR_STATS64;
import static io.ipvsdirector.kernel.ipvs.IpvsUapi.DEST_ATTR_TUN_FLAGS;
import static io.ipvsdirector.kernel.ipvs.IpvsUapi.DEST_ATTR_TUN_PORT;
import static io.ipvsdirector.kernel.ipvs.IpvsUapi.DEST_ATTR_TUN_TYPE;
import static io.ipvsdirector.kernel.ipvs.IpvsUapi.DEST_ATTR_U_THRESH;
import static io.ipvsdirector.kernel.ipvs.IpvsUapi.DEST_ATTR_WEIGHT;

import io.ipvsdirector.kernel.netlink.Attributes;
import io.ipvsdirector.kernel.netlink.MessageWriter;
import io.ipvsdirector.net.AddressFamily;
import io.ipvsdirector.net.InetAddresses;
import java.util.Arrays;
import java.util.Optional;

/**
 * Wire form of a destination, nested in IPVS_CMD_ATTR_DEST. ADDR_FAMILY is always sent: without it
 * the kernel assumes the service's family and a tunnelled destination of the other family cannot be
 * made. PORT and TUN_PORT are network order. NEW and SET need FWD_METHOD, WEIGHT, U_THRESH and
 * L_THRESH; the TUN_* attributes go with TUNNEL forwarding only (the kernel zeroes them otherwise).
 */
final class DestinationCodec {
    private DestinationCodec() {
    }

    /** The nested destination attribute with the identity only (delete). */
    static void writeKey(MessageWriter w, int type, Destination.Key key) {
        w.nested(type, () -> key(w, key));
    }

    /** The nested destination attribute with everything NEW_DEST and SET_DEST need. */
    static void write(MessageWriter w, int type, Destination d) {
        w.nested(type, () -> settings(w, d));
    }

    /** A destination as a dump reports it, connections and counters included (for tests and fakes). */
    static void writeEntry(MessageWriter w, int type, DestinationEntry e) {
        w.nested(type, () -> {
            settings(w, e.destination());
            w.attrU32(DEST_ATTR_ACTIVE_CONNS, e.activeConnections());
            w.attrU32(DEST_ATTR_INACT_CONNS, e.inactiveConnections());
            w.attrU32(DEST_ATTR_PERSIST_CONNS, e.persistentConnections());
            StatsCodec.write32(w, DEST_ATTR_STATS, e.stats());
            StatsCodec.write64(w, DEST_ATTR_STATS64, e.stats64());
        });
    }

    private static void key(MessageWriter w, Destination.Key key) {
        w.attrBytes(DEST_ATTR_ADDR, key.address().getAddress());
        w.attrU16Network(DEST_ATTR_PORT, key.port());
        w.attrU16(DEST_ATTR_ADDR_FAMILY, key.family().af());
    }

    private static void settings(MessageWriter w, Destination d) {
        key(w, d.key());
        w.attrU32(DEST_ATTR_FWD_METHOD, d.forwarding().value());
        w.attrU32(DEST_ATTR_WEIGHT, d.weight());
        w.attrU32(DEST_ATTR_U_THRESH, d.upperThreshold());
        w.attrU32(DEST_ATTR_L_THRESH, d.lowerThreshold());
        d.tunnel().ifPresent(t -> {
            w.attrU8(DEST_ATTR_TUN_TYPE, t.type().value());
            w.attrU16Network(DEST_ATTR_TUN_PORT, t.port());
            w.attrU16(DEST_ATTR_TUN_FLAGS, t.checksum().value());
        });
    }

    /** A destination; {@code serviceFamily} stands in for ADDR_FAMILY on kernels older than 3.18. */
    static Destination read(Attributes a, AddressFamily serviceFamily) {
        AddressFamily family = a.has(DEST_ATTR_ADDR_FAMILY) ? AddressFamily.ofAf(a.u16(DEST_ATTR_ADDR_FAMILY)) : serviceFamily;
        byte[] address = Arrays.copyOf(a.bytes(DEST_ATTR_ADDR), family.bytes());
        ForwardingMethod forwarding = ForwardingMethod.of(a.u32(DEST_ATTR_FWD_METHOD));
        Optional<Tunnel> tunnel = Optional.empty();
        if (forwarding == ForwardingMethod.TUNNEL) {
            tunnel = Optional.of(new Tunnel(
                    a.has(DEST_ATTR_TUN_TYPE) ? Tunnel.Type.of(a.u8(DEST_ATTR_TUN_TYPE)) : Tunnel.Type.IPIP,
                    a.has(DEST_ATTR_TUN_PORT) ? a.u16Network(DEST_ATTR_TUN_PORT) : 0,
                    a.has(DEST_ATTR_TUN_FLAGS) ? Tunnel.Checksum.of(a.u16(DEST_ATTR_TUN_FLAGS)) : Tunnel.Checksum.NOCSUM));
        }
        return new Destination(InetAddresses.fromBytes(address), a.u16Network(DEST_ATTR_PORT), forwarding, tunnel,
                a.u32(DEST_ATTR_WEIGHT), a.u32(DEST_ATTR_U_THRESH), a.u32(DEST_ATTR_L_THRESH));
    }

    static DestinationEntry readEntry(Attributes a, AddressFamily serviceFamily) {
        return new DestinationEntry(read(a, serviceFamily),
                a.has(DEST_ATTR_ACTIVE_CONNS) ? a.u32(DEST_ATTR_ACTIVE_CONNS) : 0,
                a.has(DEST_ATTR_INACT_CONNS) ? a.u32(DEST_ATTR_INACT_CONNS) : 0,
                a.has(DEST_ATTR_PERSIST_CONNS) ? a.u32(DEST_ATTR_PERSIST_CONNS) : 0,
                StatsCodec.read(a, DEST_ATTR_STATS), StatsCodec.read(a, DEST_ATTR_STATS64));
    }
}
