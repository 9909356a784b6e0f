package io.ipvsdirector.kernel.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes netlink messages and their attributes into one direct buffer in host byte order, as the
 * kernel reads them; the few fields the kernel wants in network order have their own methods
 * ({@link #attrU16Network}). Several messages may follow each other in the buffer, to be sent with
 * one system call. Knows nothing about any family's objects: the codecs of each family call it.
 */
public final class MessageWriter {
    private final ByteBuffer buf;

    public MessageWriter(int capacity) {
        buf = ByteBuffer.allocateDirect(capacity).order(ByteOrder.nativeOrder());
    }

    /** The bytes written so far, from 0 to the current position. */
    public ByteBuffer buffer() {
        return buf;
    }

    public void clear() {
        buf.clear();
    }

    public int position() {
        return buf.position();
    }

    public int remaining() {
        return buf.remaining();
    }

    /** Starts a message; returns its offset for {@link #endMessage}. */
    public int beginMessage(int type, int flags, int seq, int pid) {
        int start = buf.position();
        buf.putInt(0).putShort((short) type).putShort((short) flags).putInt(seq).putInt(pid);
        return start;
    }

    /** Writes the message's length into its header and pads it to 4 bytes. */
    public void endMessage(int start) {
        pad();
        buf.putInt(start, buf.position() - start);
    }

    /** Adds flags to the header of the message written at {@code start}. */
    public void addFlags(int start, int flags) {
        buf.putShort(start + 6, (short) (buf.getShort(start + 6) | flags));
    }

    /** Raw bytes of a family header (genlmsghdr, ifaddrmsg, ...), not an attribute. */
    public MessageWriter u8(int v) {
        buf.put((byte) v);
        return this;
    }

    public MessageWriter u16(int v) {
        buf.putShort((short) v);
        return this;
    }

    public MessageWriter u32(int v) {
        buf.putInt(v);
        return this;
    }

    public void attrU8(int type, int v) {
        header(type, 1);
        buf.put((byte) v);
        pad();
    }

    public void attrU16(int type, int v) {
        header(type, 2);
        buf.putShort((short) v);
        pad();
    }

    /** A 16-bit value in network byte order (ports: the kernel reads them as __be16). */
    public void attrU16Network(int type, int v) {
        header(type, 2);
        buf.put((byte) (v >>> 8)).put((byte) v);
        pad();
    }

    public void attrU32(int type, int v) {
        header(type, 4);
        buf.putInt(v);
        pad();
    }

    /** A 32-bit value in network byte order (__be32 fields such as an IPv4 netmask). */
    public void attrU32Network(int type, int v) {
        header(type, 4);
        buf.put((byte) (v >>> 24)).put((byte) (v >>> 16)).put((byte) (v >>> 8)).put((byte) v);
        pad();
    }

    public void attrU64(int type, long v) {
        header(type, 8);
        buf.putLong(v);
        pad();
    }

    public void attrBytes(int type, byte[] bytes) {
        header(type, bytes.length);
        buf.put(bytes);
        pad();
    }

    /** A NUL-terminated string, as NLA_NUL_STRING and NLA_STRING policies accept. */
    public void attrString(int type, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
        header(type, bytes.length + 1);
        buf.put(bytes).put((byte) 0);
        pad();
    }

    /** Starts a nested attribute; returns its offset for {@link #endNested}. */
    public int beginNested(int type) {
        int start = buf.position();
        header(type | Netlink.NLA_F_NESTED, 0);
        return start;
    }

    public void endNested(int start) {
        buf.putShort(start, (short) (buf.position() - start));
    }

    /** A nested attribute whose content {@code body} writes. */
    public void nested(int type, Runnable body) {
        int start = beginNested(type);
        body.run();
        endNested(start);
    }

    private void header(int type, int payloadLength) {
        buf.putShort((short) (Netlink.ATTRIBUTE_HEADER_LENGTH + payloadLength)).putShort((short) type);
    }

    private void pad() {
        while ((buf.position() & 3) != 0) {
            buf.put((byte) 0);
        }
    }
}
