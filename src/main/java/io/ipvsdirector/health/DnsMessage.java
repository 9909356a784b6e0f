package io.ipvsdirector.health;

import io.ipvsdirector.net.InetAddresses;
import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The little of RFC 1035 a DNS check needs: a one-question query, and a reply's id, rcode and the
 * answers of the asked type as text. Hand-written (about a page) instead of a resolver library, so
 * that a check sees exactly what the server sent: no retries, no search lists, no caching.
 */
final class DnsMessage {
    static final Map<String, Integer> TYPES = Map.of("A", 1, "NS", 2, "CNAME", 5, "SOA", 6, "PTR", 12, "MX", 15,
            "TXT", 16, "AAAA", 28, "SRV", 33);
    private static final List<String> RCODES = List.of("NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED");

    /** A parsed reply: its id, rcode name, and the answers of the asked type as text. */
    record Reply(int id, String rcode, List<String> answers) {
    }

    private DnsMessage() {
    }

    /** A query for {@code name} of {@code type}, class IN, recursion desired. */
    static byte[] query(int id, String name, String type) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        out.write(id >> 8);
        out.write(id);
        out.writeBytes(new byte[] {0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0}); // RD; one question
        for (String label : name.split("\\.")) {
            if (!label.isEmpty()) {
                byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
                out.write(bytes.length);
                out.writeBytes(bytes);
            }
        }
        out.write(0);
        int code = TYPES.get(type);
        out.writeBytes(new byte[] {(byte) (code >> 8), (byte) code, 0, 1});
        return out.toByteArray();
    }

    /** Whether {@code bytes} is a response carrying {@code id}: the datagram a check waits for. */
    static boolean isReplyTo(int id, byte[] bytes) {
        return bytes.length >= 12 && (((bytes[0] & 0xff) << 8) | (bytes[1] & 0xff)) == id && (bytes[2] & 0x80) != 0;
    }

    /** Parses a reply; answers of other types than {@code type} (a CNAME before an A) are skipped. */
    static Reply parse(byte[] bytes, String type) {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            int id = b.getShort() & 0xffff;
            int rcodeValue = b.getShort() & 0x000f;
            int questions = b.getShort() & 0xffff;
            int answers = b.getShort() & 0xffff;
            b.getInt(); // authority and additional counts
            for (int i = 0; i < questions; i++) {
                name(b);
                b.getInt();
            }
            int wanted = TYPES.get(type);
            List<String> values = new ArrayList<>();
            for (int i = 0; i < answers; i++) {
                name(b);
                int rrType = b.getShort() & 0xffff;
                b.getShort();
                b.getInt();
                int length = b.getShort() & 0xffff;
                int end = b.position() + length;
                if (rrType == wanted) {
                    values.add(rdata(b, rrType, end));
                }
                b.position(end);
            }
            String rcode = rcodeValue < RCODES.size() ? RCODES.get(rcodeValue) : "rcode " + rcodeValue;
            return new Reply(id, rcode, values);
        } catch (BufferUnderflowException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("malformed DNS reply");
        }
    }

    private static String rdata(ByteBuffer b, int type, int end) {
        return switch (type) {
            case 1, 28 -> {
                byte[] address = new byte[type == 1 ? 4 : 16];
                b.get(address);
                yield InetAddresses.toText(InetAddresses.fromBytes(address));
            }
            case 2, 5, 12 -> name(b);
            case 15 -> (b.getShort() & 0xffff) + " " + name(b);
            case 33 -> (b.getShort() & 0xffff) + " " + (b.getShort() & 0xffff) + " " + (b.getShort() & 0xffff) + " " + name(b);
            case 6 -> name(b) + " " + name(b) + " " + Integer.toUnsignedString(b.getInt()) + " " + b.getInt() + " "
                    + b.getInt() + " " + b.getInt() + " " + b.getInt();
            case 16 -> {
                List<String> strings = new ArrayList<>();
                while (b.position() < end) {
                    byte[] s = new byte[b.get() & 0xff];
                    b.get(s);
                    strings.add(new String(s, StandardCharsets.UTF_8));
                }
                yield String.join("", strings);
            }
            default -> "";
        };
    }

    /** A possibly compressed name, without the trailing dot ("." for the root). */
    private static String name(ByteBuffer b) {
        StringBuilder out = new StringBuilder();
        int position = b.position();
        int resumeAt = -1;
        for (int jumps = 0; ; ) {
            int length = b.get(position) & 0xff;
            if (length == 0) {
                position++;
                break;
            }
            if ((length & 0xc0) == 0xc0) {
                if (++jumps > 32) {
                    throw new IllegalArgumentException("compression loop");
                }
                if (resumeAt < 0) {
                    resumeAt = position + 2;
                }
                position = ((length & 0x3f) << 8) | (b.get(position + 1) & 0xff);
                continue;
            }
            byte[] label = Arrays.copyOfRange(b.array(), position + 1, position + 1 + length);
            out.append(out.length() > 0 ? "." : "").append(new String(label, StandardCharsets.US_ASCII));
            position += 1 + length;
        }
        b.position(resumeAt >= 0 ? resumeAt : position);
        return out.length() == 0 ? "." : out.toString();
    }
}
