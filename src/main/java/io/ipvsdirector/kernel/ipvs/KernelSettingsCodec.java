package io.ipvsdirector.kernel.ipvs;

import static io.ipvsdirector.kernel.ipvs.IpvsUapi.CMD_ATTR_TIMEOUT_TCP;
import static io.ipvsdirector.kernel.ipvs.IpvsUapi.CMD_ATTR_TIMEOUT_TCP_FIN;
import static io.ipvsdirector.kernel.ipvs.IpvsUapi.CMD_ATTR_TIMEOUT_UDP;
import static io.ipvsdirector.kernel.ipvs.IpvsUapi.INFO_ATTR_CONN_TAB_SIZE;
import static io.ipvsdirector.kernel.ipvs.IpvsUapi.INFO_ATTR_VERSION;

import io.ipvsdirector.kernel.netlink.Attributes;
import io.ipvsdirector.kernel.netlink.MessageWriter;

/** Wire form of the timeouts (top-level u32 attributes of SET/GET_CONFIG) and of GET_INFO's reply. */
final class KernelSettingsCodec {
    private KernelSettingsCodec() {
    }

    /** Only non-zero timeouts are sent: an absent one stays as it is. */
    static void writeTimeouts(MessageWriter w, Timeouts t) {
        if (t.tcp() != 0) {
            w.attrU32(CMD_ATTR_TIMEOUT_TCP, t.tcp());
        }
        if (t.tcpFin() != 0) {
            w.attrU32(CMD_ATTR_TIMEOUT_TCP_FIN, t.tcpFin());
        }
        if (t.udp() != 0) {
            w.attrU32(CMD_ATTR_TIMEOUT_UDP, t.udp());
        }
    }

    static Timeouts readTimeouts(Attributes a) {
        return new Timeouts(a.has(CMD_ATTR_TIMEOUT_TCP) ? a.u32(CMD_ATTR_TIMEOUT_TCP) : 0,
                a.has(CMD_ATTR_TIMEOUT_TCP_FIN) ? a.u32(CMD_ATTR_TIMEOUT_TCP_FIN) : 0,
                a.has(CMD_ATTR_TIMEOUT_UDP) ? a.u32(CMD_ATTR_TIMEOUT_UDP) : 0);
    }

    static void writeInfo(MessageWriter w, IpvsInfo info) {
        w.attrU32(INFO_ATTR_VERSION, info.version());
        w.attrU32(INFO_ATTR_CONN_TAB_SIZE, info.connectionTableSize());
    }

    static IpvsInfo readInfo(Attributes a) {
        return new IpvsInfo(a.u32(INFO_ATTR_VERSION), a.u32(INFO_ATTR_CONN_TAB_SIZE));
    }
}
