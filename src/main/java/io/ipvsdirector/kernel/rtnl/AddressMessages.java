package io.ipvsdirector.kernel.rtnl;

import io.ipvsdirector.net.AddressFamily;
import io.ipvsdirector.net.IpPrefix;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * RTM_NEWADDR / RTM_DELADDR / RTM_GETADDR messages (include/uapi/linux/rtnetlink.h, if_addr.h), as
 * bytes in native order: nlmsghdr, struct ifaddrmsg, then attributes.
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
    static final int NLM_F_REQUEST = 0x1;
    static final int NLM_F_ACK = 0x4;
    static final int NLM_F_DUMP = 0x300;
    static final int NLM_F_EXCL = 0x200;
    static final int NLM_F_CREATE = 0x400;
    private static final int HEADER = 16;
    private static final int IFADDRMSG = 8;

    private AddressMessages() {
    }

    static ByteBuffer add(int seq, int ifindex, IpPrefix address, Optional<String> label) {
        return message(RTM_NEWADDR, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, seq, ifindex, address, label);
    }

    static ByteBuffer delete(int seq, int ifindex, IpPrefix address) {
        return message(RTM_DELADDR, NLM_F_REQUEST | NLM_F_ACK, seq, ifindex, address, Optional.empty());
    }

    /** A dump of every address of {@code family}. */
    static ByteBuffer dump(int seq, AddressFamily family) {
        ByteBuffer b = ByteBuffer.allocate(HEADER + IFADDRMSG).order(ByteOrder.nativeOrder());
        b.putInt(HEADER + IFADDRMSG).putShort((short) RTM_GETADDR).putShort((short) (NLM_F_REQUEST | NLM_F_DUMP))
                .putInt(seq).putInt(0);
        b.put((byte) family.af()).put((byte) 0).put((byte) 0).put((byte) 0).putInt(0);
        return b.flip();
    }

    private static ByteBuffer message(int type, int flags, int seq, int ifindex, IpPrefix address, Optional<String> label) {
        byte[] addr = address.address().getAddress();
        byte[] labelBytes = label.map(l -> (l + "\0").getBytes(StandardCharsets.US_ASCII)).orElse(new byte[0]);
        int length = HEADER + IFADDRMSG + 2 * attributeLength(addr.length) + (labelBytes.length > 0 ? attributeLength(labelBytes.length) : 0);
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.nativeOrder());
        b.putInt(length).putShort((short) type).putShort((short) flags).putInt(seq).putInt(0);
        boolean v6 = address.family() == AddressFamily.IPV6;
        b.put((byte) address.family().af()).put((byte) address.length()).put((byte) (v6 ? IFA_F_NODAD : 0))
                .put((byte) 0).putInt(ifindex);
        attribute(b, IFA_LOCAL, addr);
        attribute(b, IFA_ADDRESS, addr);
        if (labelBytes.length > 0) {
            attribute(b, IFA_LABEL, labelBytes);
        }
        return b.flip();
    }

    static int attributeLength(int payload) {
        return (4 + payload + 3) & ~3;
    }

    private static void attribute(ByteBuffer b, int type, byte[] payload) {
        int start = b.position();
        b.putShort((short) (4 + payload.length)).putShort((short) type).put(payload);
        b.position(start + attributeLength(payload.length));
    }

    /** One address of a dump reply: its interface, prefix length and address bytes. */
    record Entry(int ifindex, int prefixLength, byte[] address) {
    }

    /** Reads the ifaddrmsg and the IFA_LOCAL (else IFA_ADDRESS) attribute of one RTM_NEWADDR message. */
    static Entry parse(ByteBuffer message, int start, int length) {
        int prefix = message.get(start + HEADER + 1) & 0xff;
        int ifindex = message.getInt(start + HEADER + 4);
        byte[] local = null;
        byte[] address = null;
        for (int at = start + HEADER + IFADDRMSG; at + 4 <= start + length; ) {
            int len = message.getShort(at) & 0xffff;
            int type = message.getShort(at + 2) & 0x3fff;
            if (len < 4) {
                break;
            }
            byte[] payload = new byte[len - 4];
            message.get(at + 4, payload);
            if (type == IFA_LOCAL) {
                local = payload;
            } else if (type == IFA_ADDRESS) {
                address = payload;
            }
            at += attributeLength(len - 4);
        }
        return new Entry(ifindex, prefix, local != null ? local : address);
    }
}
