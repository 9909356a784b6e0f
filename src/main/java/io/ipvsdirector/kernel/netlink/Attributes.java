package io.ipvsdirector.kernel.netlink;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The attributes of one level of a message, indexed by type (flags masked off). Reads values in host
 * byte order unless a method says network order. A missing attribute read without {@link #has} first
 * is a protocol error, reported as {@link IllegalStateException} naming the type.
 */
public final class Attributes {
    private static final int[] NONE = new int[0];

    private final ByteBuffer buf;
    private int[] offsets = NONE;
    private int[] lengths = NONE;

    private Attributes(ByteBuffer buf) {
        this.buf = buf;
    }

    /** Parses the attributes in {@code buf} between {@code from} and {@code to}. */
    public static Attributes parse(ByteBuffer buf, int from, int to) {
        Attributes a = new Attributes(buf);
        int at = from;
        while (at + Netlink.ATTRIBUTE_HEADER_LENGTH <= to) {
            int length = buf.getShort(at) & 0xffff;
            int type = buf.getShort(at + 2) & Netlink.NLA_TYPE_MASK;
            if (length < Netlink.ATTRIBUTE_HEADER_LENGTH || at + length > to) {
                throw new IllegalStateException("malformed attribute at offset " + (at - from) + ": length " + length);
            }
            a.put(type, at + Netlink.ATTRIBUTE_HEADER_LENGTH, length - Netlink.ATTRIBUTE_HEADER_LENGTH);
            at += Netlink.align(length);
        }
        return a;
    }

    private void put(int type, int offset, int length) {
        if (type >= offsets.length) {
            int size = Math.max(type + 1, 16);
            offsets = Arrays.copyOf(offsets, size);
            lengths = Arrays.copyOf(lengths, size);
        }
        // A payload always follows its own 4-byte header, so offset 0 can stand for "absent".
        offsets[type] = offset;
        lengths[type] = length;
    }

    public boolean has(int type) {
        return type < offsets.length && offsets[type] != 0;
    }

    /** The payload length of an attribute that is present. */
    public int length(int type) {
        return lengths[at(type, 0)];
    }

    public int u8(int type) {
        return buf.get(offsets[at(type, 1)]) & 0xff;
    }

    public int u16(int type) {
        return buf.getShort(offsets[at(type, 2)]) & 0xffff;
    }

    public int u16Network(int type) {
        int o = offsets[at(type, 2)];
        return ((buf.get(o) & 0xff) << 8) | (buf.get(o + 1) & 0xff);
    }

    public int u32(int type) {
        return buf.getInt(offsets[at(type, 4)]);
    }

    public int u32Network(int type) {
        int o = offsets[at(type, 4)];
        return ((buf.get(o) & 0xff) << 24) | ((buf.get(o + 1) & 0xff) << 16) | ((buf.get(o + 2) & 0xff) << 8)
                | (buf.get(o + 3) & 0xff);
    }

    public long u64(int type) {
        return buf.getLong(offsets[at(type, 8)]);
    }

    public byte[] bytes(int type) {
        int t = at(type, 0);
        byte[] out = new byte[lengths[t]];
        buf.get(offsets[t], out);
        return out;
    }

    /** A string attribute without its NUL terminator (and anything after it). */
    public String string(int type) {
        byte[] b = bytes(type);
        int end = 0;
        while (end < b.length && b[end] != 0) {
            end++;
        }
        return new String(b, 0, end, StandardCharsets.US_ASCII);
    }

    public Attributes nested(int type) {
        int t = at(type, 0);
        return parse(buf, offsets[t], offsets[t] + lengths[t]);
    }

    private int at(int type, int minLength) {
        if (!has(type)) {
            throw new IllegalStateException("attribute " + type + " is missing");
        }
        if (lengths[type] < minLength) {
            throw new IllegalStateException("attribute " + type + " has " + lengths[type] + " bytes, expected " + minLength);
        }
        return type;
    }
}
