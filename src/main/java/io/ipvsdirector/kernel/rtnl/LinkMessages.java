package io.ipvsdirector.kernel.rtnl;

import io.ipvsdirector.kernel.netlink.MessageWriter;

/**
 * The payload of an RTM_NEWLINK that only changes a link's administrative state
 * (include/uapi/linux/rtnetlink.h, if_link.h): struct ifinfomsg with IFF_UP in the change mask.
 */
final class LinkMessages {
    static final int RTM_NEWLINK = 16;
    static final int IFF_UP = 0x1;

    private LinkMessages() {
    }

    /** struct ifinfomsg: u8 family, u8 pad, u16 type, s32 index, u32 flags, u32 change. */
    static void setUp(MessageWriter w, int ifindex, boolean up) {
        w.u8(0).u8(0).u16(0).u32(ifindex).u32(up ? IFF_UP : 0).u32(IFF_UP);
    }
}
