package io.ipvsdirector.kernel.netlink;

import java.nio.ByteBuffer;

/**
 * One received message: its header fields and where its payload lies in the receive buffer. Valid
 * only until the next receive on the same connection, so decoders copy what they keep.
 */
public record NetlinkMessage(int type, int flags, int seq, int pid, ByteBuffer buffer, int payloadOffset,
                             int payloadLength) {

    public int payloadEnd() {
        return payloadOffset + payloadLength;
    }

    public boolean hasFlag(int flag) {
        return (flags & flag) != 0;
    }

    /** For NLMSG_ERROR: the (negative) errno, or 0 for an acknowledgement. */
    public int errorCode() {
        return buffer.getInt(payloadOffset);
    }

    /** The attributes after a family header of {@code familyHeaderLength} bytes. */
    public Attributes attributes(int familyHeaderLength) {
        return Attributes.parse(buffer, payloadOffset + familyHeaderLength, payloadEnd());
    }
}
