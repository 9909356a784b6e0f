package io.ipvsdirector.kernel.ipvs;

import java.util.function.ToIntFunction;

/**
 * The numbers of the IPVS generic netlink interface, as include/uapi/linux/ip_vs.h defines them.
 * Attribute enums start at 1 (0 is UNSPEC in each).
 */
final class IpvsUapi {
    private IpvsUapi() {
    }

    /** The constant of {@code type} whose number in the header is {@code value}. */
    static <E extends Enum<E>> E constant(Class<E> type, ToIntFunction<E> number, int value, String what) {
        for (E e : type.getEnumConstants()) {
            if (number.applyAsInt(e) == value) {
                return e;
            }
        }
        throw new IllegalStateException("unknown " + what + " " + value);
    }

    static final String GENL_NAME = "IPVS";
    static final int GENL_VERSION = 1;

    // Commands.
    static final int CMD_NEW_SERVICE = 1;
    static final int CMD_SET_SERVICE = 2;
    static final int CMD_DEL_SERVICE = 3;
    static final int CMD_GET_SERVICE = 4;
    static final int CMD_NEW_DEST = 5;
    static final int CMD_SET_DEST = 6;
    static final int CMD_DEL_DEST = 7;
    static final int CMD_GET_DEST = 8;
    static final int CMD_NEW_DAEMON = 9;
    static final int CMD_DEL_DAEMON = 10;
    static final int CMD_GET_DAEMON = 11;
    static final int CMD_SET_CONFIG = 12;
    static final int CMD_GET_CONFIG = 13;
    static final int CMD_SET_INFO = 14;
    static final int CMD_GET_INFO = 15;

    // Top-level attributes of a command.
    static final int CMD_ATTR_SERVICE = 1;
    static final int CMD_ATTR_DEST = 2;
    static final int CMD_ATTR_DAEMON = 3;
    static final int CMD_ATTR_TIMEOUT_TCP = 4;
    static final int CMD_ATTR_TIMEOUT_TCP_FIN = 5;
    static final int CMD_ATTR_TIMEOUT_UDP = 6;

    // Service attributes (nested in CMD_ATTR_SERVICE).
    static final int SVC_ATTR_AF = 1;
    static final int SVC_ATTR_PROTOCOL = 2;
    static final int SVC_ATTR_ADDR = 3;
    static final int SVC_ATTR_PORT = 4;
    static final int SVC_ATTR_FWMARK = 5;
    static final int SVC_ATTR_SCHED_NAME = 6;
    static final int SVC_ATTR_FLAGS = 7;
    static final int SVC_ATTR_TIMEOUT = 8;
    static final int SVC_ATTR_NETMASK = 9;
    static final int SVC_ATTR_STATS = 10;
    static final int SVC_ATTR_PE_NAME = 11;
    static final int SVC_ATTR_STATS64 = 12;

    // Destination attributes (nested in CMD_ATTR_DEST).
    static final int DEST_ATTR_ADDR = 1;
    static final int DEST_ATTR_PORT = 2;
    static final int DEST_ATTR_FWD_METHOD = 3;
    static final int DEST_ATTR_WEIGHT = 4;
    static final int DEST_ATTR_U_THRESH = 5;
    static final int DEST_ATTR_L_THRESH = 6;
    static final int DEST_ATTR_ACTIVE_CONNS = 7;
    static final int DEST_ATTR_INACT_CONNS = 8;
    static final int DEST_ATTR_PERSIST_CONNS = 9;
    static final int DEST_ATTR_STATS = 10;
    static final int DEST_ATTR_ADDR_FAMILY = 11;
    static final int DEST_ATTR_STATS64 = 12;
    static final int DEST_ATTR_TUN_TYPE = 13;
    static final int DEST_ATTR_TUN_PORT = 14;
    static final int DEST_ATTR_TUN_FLAGS = 15;

    // Sync daemon attributes (nested in CMD_ATTR_DAEMON).
    static final int DAEMON_ATTR_STATE = 1;
    static final int DAEMON_ATTR_MCAST_IFN = 2;
    static final int DAEMON_ATTR_SYNC_ID = 3;
    static final int DAEMON_ATTR_SYNC_MAXLEN = 4;
    static final int DAEMON_ATTR_MCAST_GROUP = 5;
    static final int DAEMON_ATTR_MCAST_GROUP6 = 6;
    static final int DAEMON_ATTR_MCAST_PORT = 7;
    static final int DAEMON_ATTR_MCAST_TTL = 8;

    // Statistics attributes (nested in SVC/DEST_ATTR_STATS and STATS64).
    static final int STATS_ATTR_CONNS = 1;
    static final int STATS_ATTR_INPKTS = 2;
    static final int STATS_ATTR_OUTPKTS = 3;
    static final int STATS_ATTR_INBYTES = 4;
    static final int STATS_ATTR_OUTBYTES = 5;
    static final int STATS_ATTR_CPS = 6;
    static final int STATS_ATTR_INPPS = 7;
    static final int STATS_ATTR_OUTPPS = 8;
    static final int STATS_ATTR_INBPS = 9;
    static final int STATS_ATTR_OUTBPS = 10;

    // GET_INFO reply attributes.
    static final int INFO_ATTR_VERSION = 1;
    static final int INFO_ATTR_CONN_TAB_SIZE = 2;

    // Service flags (IP_VS_SVC_F_*). HASHED is the kernel's own bookkeeping and never compared.
    static final int SVC_F_PERSISTENT = 0x1;
    static final int SVC_F_HASHED = 0x2;
    static final int SVC_F_ONEPACKET = 0x4;
    static final int SVC_F_SCHED1 = 0x8;
    static final int SVC_F_SCHED2 = 0x10;
    static final int SVC_F_SCHED3 = 0x20;

    // Forwarding methods (IP_VS_CONN_F_FWD_MASK values of conn_flags).
    static final int CONN_F_FWD_MASK = 0x7;
    static final int CONN_F_MASQ = 0;
    static final int CONN_F_LOCALNODE = 1;
    static final int CONN_F_TUNNEL = 2;
    static final int CONN_F_DROUTE = 3;

    // Tunnel types and encapsulation flags.
    static final int TUNNEL_TYPE_IPIP = 0;
    static final int TUNNEL_TYPE_GUE = 1;
    static final int TUNNEL_TYPE_GRE = 2;
    static final int TUNNEL_ENCAP_FLAG_NOCSUM = 0;
    static final int TUNNEL_ENCAP_FLAG_CSUM = 1;
    static final int TUNNEL_ENCAP_FLAG_REMCSUM = 2;

    // Sync daemon states.
    static final int STATE_MASTER = 1;
    static final int STATE_BACKUP = 2;
}
