package io.ipvsdirector.kernel.rtnl;

import io.ipvsdirector.kernel.netlink.Attributes;
import io.ipvsdirector.kernel.netlink.MessageWriter;
import io.ipvsdirector.kernel.netlink.NetlinkMessage;
import io.ipvsdirector.net.AddressFamily;
import io.ipvsdirector.net.IpPrefix;
import java.util.Optional;

/**
 * The payloads of RTM_NEWADDR / RTM_DELADDR / RTM_GETADDR (include/uapi/linux/rtnetlink.h,
 * if_addr.h): struct ifaddrmsg, then attributes. Framing is the netlink layer's.
 */
final class AddressMessages {
    static final int RTM_NEWADDR = 20;
    static final int RTM_DELADDR = 21;
    static final int RTM_GETADDR = 22;
    static final int IFA_ADDRESS = 1;
    static final int IFA_LOCAL = 2;
    static final int IFA_LABEL = 3;
    /** Do not run duplicate address detection on a new IPv6 address: a VIP must work at once. */
    static final int IFA_F_NODAD = 0x02;
    /** struct ifaddrmsg: u8 family, u8 prefixlen, u8 flags, u8 scope, u32 index. */
    static final int IFADDRMSG_LENGTH = 8;

    private AddressMessages() {
    }

    /** The body of an RTM_NEWADDR or RTM_DELADDR for {@code address} on interface {@code ifindex}. */
    static void address(MessageWriter w, int ifindex, IpPrefix address, Optional<String> label) {
        boolean v6 = address.family() == AddressFamily.IPV6;
        w.u8(address.family().af()).u8(address.length()).u8(v6 ? IFA_F_NODAD : 0).u8(0).u32(ifindex);
        byte[] bytes = address.address().getAddress();
        w.attrBytes(IFA_LOCAL, bytes);
        w.attrBytes(IFA_ADDRESS, bytes);
        label.ifPresent(l -> w.attrString(IFA_LABEL, l));
    }

    /** The body of an RTM_GETADDR dump of every address of {@code family}. */
    static void dumpAll(MessageWriter w, AddressFamily family) {
        w.u8(family.af()).u8(0).u8(0).u8(0).u32(0);
    }

    /** One address of a dump: its interface, prefix length and address bytes. */
    record Entry(int ifindex, int prefixLength, byte[] address) {
        static Entry of(NetlinkMessage m) {
            int prefix = m.buffer().get(m.payloadOffset() + 1) & 0xff;
            int ifindex = m.buffer().getInt(m.payloadOffset() + 4);
            Attributes a = m.attributes(IFADDRMSG_LENGTH);
            return new Entry(ifindex, prefix, a.has(IFA_LOCAL) ? a.bytes(IFA_LOCAL) : a.bytes(IFA_ADDRESS));
        }
    }
}
