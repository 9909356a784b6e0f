package io.ipvsdirector.kernel.ipvs;

import static io.ipvsdirector.kernel.ipvs.IpvsUapi.DAEMON_ATTR_MCAST_GROUP;
import static io.ipvsdirector.kernel.ipvs.IpvsUapi.DAEMON_ATTR_MCAST_GROUP6;
import static io.ipvsdirector.kernel.ipvs.IpvsUapi.DAEMON_ATTR_MCAST_IFN;
import static io.ipvsdirector.kernel.ipvs.IpvsUapi.DAEMON_ATTR_MCAST_PORT;
import static io.ipvsdirector.kernel.ipvs.IpvsUapi.DAEMON_ATTR_MCAST_TTL;
import static io.ipvsdirector.kernel.ipvs.IpvsUapi.DAEMON_ATTR_STATE;
import static io.ipvsdirector.kernel.ipvs.IpvsUapi.DAEMON_ATTR_SYNC_ID;
import static io.ipvsdirector.kernel.ipvs.IpvsUapi.DAEMON_ATTR_SYNC_MAXLEN;

import io.ipvsdirector.kernel.netlink.Attributes;
import io.ipvsdirector.kernel.netlink.MessageWriter;
import io.ipvsdirector.net.InetAddresses;
import java.net.Inet4Address;
import java.util.Optional;

/**
 * Wire form of a sync daemon, nested in IPVS_CMD_ATTR_DAEMON. The group is raw address bytes
 * (MCAST_GROUP for IPv4, MCAST_GROUP6 for IPv6); the port is host order, unlike service ports.
 */
final class SyncDaemonCodec {
    private SyncDaemonCodec() {
    }

    static void write(MessageWriter w, int type, SyncDaemon d) {
        w.nested(type, () -> {
            w.attrU32(DAEMON_ATTR_STATE, d.state().value());
            w.attrString(DAEMON_ATTR_MCAST_IFN, d.interfaceName());
            w.attrU32(DAEMON_ATTR_SYNC_ID, d.syncId());
            d.maxLength().ifPresent(v -> w.attrU16(DAEMON_ATTR_SYNC_MAXLEN, v));
            d.group().ifPresent(g -> w.attrBytes(g instanceof Inet4Address ? DAEMON_ATTR_MCAST_GROUP : DAEMON_ATTR_MCAST_GROUP6,
                    g.getAddress()));
            d.port().ifPresent(v -> w.attrU16(DAEMON_ATTR_MCAST_PORT, v));
            d.ttl().ifPresent(v -> w.attrU8(DAEMON_ATTR_MCAST_TTL, v));
        });
    }

    /** The nested attribute that names the daemon to stop: its state only. */
    static void writeState(MessageWriter w, int type, SyncDaemon.State state) {
        w.nested(type, () -> w.attrU32(DAEMON_ATTR_STATE, state.value()));
    }

    static SyncDaemon read(Attributes a) {
        return new SyncDaemon(SyncDaemon.State.of(a.u32(DAEMON_ATTR_STATE)), a.string(DAEMON_ATTR_MCAST_IFN),
                a.u32(DAEMON_ATTR_SYNC_ID),
                a.has(DAEMON_ATTR_SYNC_MAXLEN) ? Optional.of(a.u16(DAEMON_ATTR_SYNC_MAXLEN)) : Optional.empty(),
                a.has(DAEMON_ATTR_MCAST_GROUP) ? Optional.of(InetAddresses.fromBytes(a.bytes(DAEMON_ATTR_MCAST_GROUP)))
                        : a.has(DAEMON_ATTR_MCAST_GROUP6) ? Optional.of(InetAddresses.fromBytes(a.bytes(DAEMON_ATTR_MCAST_GROUP6)))
                        : Optional.empty(),
                a.has(DAEMON_ATTR_MCAST_PORT) ? Optional.of(a.u16(DAEMON_ATTR_MCAST_PORT)) : Optional.empty(),
                a.has(DAEMON_ATTR_MCAST_TTL) ? Optional.of(a.u8(DAEMON_ATTR_MCAST_TTL)) : Optional.empty());
    }
}
