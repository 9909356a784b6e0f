package io.ipvsdirector.kernel.netlink;

/** Constants of the netlink wire format (include/uapi/linux/netlink.h). */
public final class Netlink {
    private Netlink() {
    }

    /** Protocols: the routing family and generic netlink. */
    public static final int NETLINK_ROUTE = 0;
    public static final int NETLINK_GENERIC = 16;

    /** struct nlmsghdr: u32 len, u16 type, u16 flags, u32 seq, u32 pid. */
    public static final int HEADER_LENGTH = 16;
    /** struct nlattr: u16 len, u16 type; payload padded to 4 bytes. */
    public static final int ATTRIBUTE_HEADER_LENGTH = 4;

    public static final int NLMSG_NOOP = 1;
    public static final int NLMSG_ERROR = 2;
    public static final int NLMSG_DONE = 3;
    public static final int NLMSG_OVERRUN = 4;
    /** Types below this are netlink's own control messages; families number theirs from here. */
    public static final int NLMSG_MIN_TYPE = 0x10;

    public static final int NLM_F_REQUEST = 0x1;
    public static final int NLM_F_MULTI = 0x2;
    public static final int NLM_F_ACK = 0x4;
    /** Set on dump parts when the dumped table changed during the dump: the result is inconsistent. */
    public static final int NLM_F_DUMP_INTR = 0x10;
    public static final int NLM_F_DUMP = 0x300;
    public static final int NLM_F_REPLACE = 0x100;
    public static final int NLM_F_EXCL = 0x200;
    public static final int NLM_F_CREATE = 0x400;

    /** nla_type bits that are flags, not part of the type. */
    public static final int NLA_F_NESTED = 0x8000;
    public static final int NLA_F_NET_BYTEORDER = 0x4000;
    public static final int NLA_TYPE_MASK = 0x3fff;

    /** Rounds up to the 4-byte alignment of messages and attributes. */
    public static int align(int length) {
        return (length + 3) & ~3;
    }
}
