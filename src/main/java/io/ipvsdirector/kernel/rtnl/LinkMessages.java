package io.ipvsdirector.kernel.rtnl;

import io.ipvsdirector.kernel.netlink.Attributes;
import io.ipvsdirector.kernel.netlink.MessageWriter;
import io.ipvsdirector.kernel.netlink.NetlinkMessage;

/**
 * The payloads of RTM_GETLINK and of an RTM_NEWLINK that only changes a link's administrative state
 * (include/uapi/linux/rtnetlink.h, if_link.h): struct ifinfomsg, then attributes.
 */
final class LinkMessages {
    static final int RTM_NEWLINK = 16;
    static final int RTM_GETLINK = 18;
    static final int IFLA_IFNAME = 3;
    static final int IFF_UP = 0x1;
    /** struct ifinfomsg: u8 family, u8 pad, u16 type, s32 index, u32 flags, u32 change. */
    static final int IFINFOMSG_LENGTH = 16;

    private LinkMessages() {
    }

    static void setUp(MessageWriter w, int ifindex, boolean up) {
        w.u8(0).u8(0).u16(0).u32(ifindex).u32(up ? IFF_UP : 0).u32(IFF_UP);
    }

    /** The body of an RTM_GETLINK dump of every link. */
    static void dumpAll(MessageWriter w) {
        w.u8(0).u8(0).u16(0).u32(0).u32(0).u32(0);
    }

    /** One link of a dump. */
    record Link(int index, String name, int flags) {
        boolean up() {
            return (flags & IFF_UP) != 0;
        }

        static Link of(NetlinkMessage m) {
            int index = m.buffer().getInt(m.payloadOffset() + 4);
            int flags = m.buffer().getInt(m.payloadOffset() + 8);
            Attributes a = m.attributes(IFINFOMSG_LENGTH);
            return new Link(index, a.has(IFLA_IFNAME) ? a.string(IFLA_IFNAME) : "", flags);
        }
    }
}
