package io.ipvsdirector.health;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The response half of one HTTP/1.1 exchange, parsed from bytes as they arrive, however the reads
 * split them, with no I/O of its own: the status line, headers (of which only Content-Length and
 * Transfer-Encoding matter), interim 1xx responses (skipped), and a body delimited by
 * Content-Length, by chunks (extensions and trailers read and ignored) or by the end of the
 * connection (HTTP/1.0 style). At most {@code maxBody} body bytes are kept; one more byte makes the
 * response complete and {@link #truncated()}, so that a server sending without end never holds a
 * probe past its verdict. A probe parses one small response, so the code favours plain loops over
 * speed tricks.
 */
final class HttpResponseParser {
    /** Longest status, header, chunk-size or trailer line; the HTTP client this replaced used the same. */
    static final int MAX_LINE = 8192;
    /** All header and trailer lines together, interim responses included. */
    static final int MAX_HEADER_BYTES = 64 * 1024;

    /** A response that is not HTTP/1.x, or that breaks a limit. */
    static final class MalformedResponse extends Exception {
        MalformedResponse(String message) {
            super(message);
        }
    }

    private enum State { STATUS_LINE, HEADERS, BODY_BY_LENGTH, BODY_TO_CLOSE, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, DONE }

    private final int maxBody;
    private final boolean headRequest;
    private final boolean keepBody;
    private State state = State.STATUS_LINE;
    private byte[] line = new byte[128];
    private int lineLength;
    private boolean sawCarriageReturn;
    private int headerBytes;
    private int candidateStatus;
    private int status = -1;
    private long contentLength = -1;
    private boolean chunked;
    private boolean untilClose;
    private long remaining;
    private byte[] body;
    private int bodyLength;
    private boolean truncated;

    /**
     * @param maxBody     body bytes kept at most
     * @param headRequest the request was HEAD: the response has no body whatever its headers say
     * @param keepBody    keep the body bytes (for a regex or digest); else they are only counted
     */
    HttpResponseParser(int maxBody, boolean headRequest, boolean keepBody) {
        this.maxBody = maxBody;
        this.headRequest = headRequest;
        this.keepBody = keepBody;
        this.body = keepBody ? new byte[Math.min(maxBody, 1024)] : null;
    }

    /** The final status, or -1 while its headers have not all arrived. */
    int status() {
        return status;
    }

    /** The response is complete, or has more body than {@code maxBody}: nothing more is needed. */
    boolean complete() {
        return state == State.DONE;
    }

    /** Body bytes received so far (at most {@code maxBody}). */
    int bodyLength() {
        return bodyLength;
    }

    /** The body as kept (empty when the parser was told not to keep it). */
    byte[] body() {
        return keepBody ? Arrays.copyOf(body, bodyLength) : new byte[0];
    }

    /** The body went on beyond {@code maxBody} bytes. */
    boolean truncated() {
        return truncated;
    }

    /** Reads the bytes from the buffer's position to its limit; stops early once complete. */
    void feed(ByteBuffer data) throws MalformedResponse {
        while (data.hasRemaining() && state != State.DONE) {
            switch (state) {
                case BODY_BY_LENGTH, CHUNK_DATA -> {
                    int n = (int) Math.min(remaining, data.remaining());
                    remaining -= n;
                    bodyBytes(data, n);
                    if (remaining == 0 && state != State.DONE) {
                        state = state == State.CHUNK_DATA ? State.CHUNK_END : State.DONE;
                    }
                }
                case BODY_TO_CLOSE -> bodyBytes(data, data.remaining());
                default -> lineByte(data.get());
            }
        }
    }

    /**
     * The server closed the connection. Returns whether the response was complete by then: a body
     * delimited by the close ends here; anything else cut short is not a response.
     */
    boolean endOfInput() {
        if (state == State.BODY_TO_CLOSE) {
            state = State.DONE;
        }
        return state == State.DONE;
    }

    private void bodyBytes(ByteBuffer data, int n) {
        int room = maxBody - bodyLength;
        if (n > room) {
            truncated = true;
            state = State.DONE;
        }
        int take = Math.min(n, room);
        if (keepBody && take > 0) {
            if (bodyLength + take > body.length) {
                body = Arrays.copyOf(body, Math.min(maxBody, Math.max(bodyLength + take, body.length * 2)));
            }
            data.get(body, bodyLength, take);
        } else {
            data.position(data.position() + take);
        }
        bodyLength += take;
    }

    private void lineByte(byte b) throws MalformedResponse {
        if (b == '\n') {
            int length = sawCarriageReturn ? lineLength - 1 : lineLength;
            lineLength = 0;
            sawCarriageReturn = false;
            endOfLine(length);
            return;
        }
        if (lineLength == MAX_LINE) {
            throw new MalformedResponse(what() + " longer than " + MAX_LINE + " bytes");
        }
        if (state == State.HEADERS || state == State.TRAILERS) {
            if (++headerBytes > MAX_HEADER_BYTES) {
                throw new MalformedResponse("headers longer than " + MAX_HEADER_BYTES + " bytes");
            }
        }
        if (lineLength == line.length) {
            line = Arrays.copyOf(line, Math.min(MAX_LINE, line.length * 2));
        }
        line[lineLength++] = b;
        sawCarriageReturn = b == '\r';
    }

    private String what() {
        return switch (state) {
            case STATUS_LINE -> "status line";
            case CHUNK_SIZE -> "chunk size line";
            case TRAILERS -> "trailer line";
            default -> "header line";
        };
    }

    private void endOfLine(int length) throws MalformedResponse {
        switch (state) {
            case STATUS_LINE -> statusLine(length);
            case HEADERS -> {
                if (length == 0) {
                    endOfHeaders();
                } else {
                    header(length);
                }
            }
            case CHUNK_SIZE -> chunkSize(length);
            case CHUNK_END -> {
                if (length != 0) {
                    throw new MalformedResponse("chunk data longer than its size");
                }
                state = State.CHUNK_SIZE;
            }
            case TRAILERS -> {
                if (length == 0) {
                    state = State.DONE;
                }
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

    /** "HTTP/1.1 200 OK", the reason optional (even its space, as some servers send it). */
    private void statusLine(int length) throws MalformedResponse {
        boolean valid = length >= 12 && startsWith("HTTP/1.") && digit(7) && line[8] == ' '
                && digit(9) && digit(10) && digit(11) && (length == 12 || line[12] == ' ')
                && line[9] != '0';
        if (!valid) {
            throw new MalformedResponse("malformed status line '" + printable(0, length) + "'");
        }
        candidateStatus = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
        contentLength = -1;
        chunked = false;
        untilClose = false;
        state = State.HEADERS;
    }

    private void header(int length) throws MalformedResponse {
        if (line[0] == ' ' || line[0] == '\t') {
            return; // an obsolete folded continuation: of no header this parser reads
        }
        int colon = indexOf((byte) ':', length);
        if (colon <= 0 || line[colon - 1] == ' ' || line[colon - 1] == '\t') {
            throw new MalformedResponse("malformed header line '" + printable(0, length) + "'");
        }
        if (nameIs("content-length", colon)) {
            long value = contentLength(colon + 1, length);
            if (contentLength >= 0 && contentLength != value) {
                throw new MalformedResponse("two different Content-Length headers");
            }
            contentLength = value;
        } else if (nameIs("transfer-encoding", colon)) {
            // The last coding decides: "gzip, chunked" is chunked, "gzip" alone runs to the close.
            String codings = new String(line, colon + 1, length - colon - 1, StandardCharsets.ISO_8859_1).trim();
            int comma = codings.lastIndexOf(',');
            chunked = codings.substring(comma + 1).trim().equalsIgnoreCase("chunked");
            // Neither a length nor chunks: the body ends with the connection, whatever the length says.
            untilClose = !chunked;
        }
    }

    /** The value between optional blanks: 1 to 18 digits, nothing else. */
    private long contentLength(int from, int to) throws MalformedResponse {
        while (from < to && (line[from] == ' ' || line[from] == '\t')) {
            from++;
        }
        while (to > from && (line[to - 1] == ' ' || line[to - 1] == '\t')) {
            to--;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            if (!digit(i) || to - from > 18) {
                throw new MalformedResponse("malformed Content-Length '" + printable(from, to) + "'");
            }
            value = value * 10 + (line[i] - '0');
        }
        if (from == to) {
            throw new MalformedResponse("empty Content-Length");
        }
        return value;
    }

    private void endOfHeaders() {
        if (candidateStatus < 200 && candidateStatus != 101) {
            // 100 Continue, 102, 103 Early Hints: interim, with no body; the real response follows.
            state = State.STATUS_LINE;
            return;
        }
        status = candidateStatus;
        boolean noBody = headRequest || status == 101 || status == 204 || status == 304;
        if (noBody || (!chunked && !untilClose && contentLength == 0)) {
            state = State.DONE;
        } else if (chunked) {
            state = State.CHUNK_SIZE;
        } else if (contentLength > 0 && !untilClose) {
            remaining = contentLength;
            state = State.BODY_BY_LENGTH;
        } else {
            state = State.BODY_TO_CLOSE;
        }
    }

    /** "1a", "1A;name=value", "0": hex digits, then an optional extension, which is ignored. */
    private void chunkSize(int length) throws MalformedResponse {
        long size = 0;
        int digits = 0;
        int i = 0;
        for (; i < length; i++) {
            int d = Character.digit(line[i], 16);
            if (d < 0) {
                break;
            }
            if (++digits > 15) {
                throw new MalformedResponse("chunk size too large");
            }
            size = size * 16 + d;
        }
        while (i < length && (line[i] == ' ' || line[i] == '\t')) {
            i++;
        }
        if (digits == 0 || (i < length && line[i] != ';')) {
            throw new MalformedResponse("malformed chunk size line '" + printable(0, length) + "'");
        }
        if (size == 0) {
            state = State.TRAILERS;
        } else {
            remaining = size;
            state = State.CHUNK_DATA;
        }
    }

    private boolean startsWith(String prefix) {
        for (int i = 0; i < prefix.length(); i++) {
            if (line[i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private boolean digit(int i) {
        return line[i] >= '0' && line[i] <= '9';
    }

    private int indexOf(byte b, int length) {
        for (int i = 0; i < length; i++) {
            if (line[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** Whether the header name (bytes 0 to {@code colon}) is {@code lowerCaseName}, in any case. */
    private boolean nameIs(String lowerCaseName, int colon) {
        if (colon != lowerCaseName.length()) {
            return false;
        }
        for (int i = 0; i < colon; i++) {
            int b = line[i];
            if ((b >= 'A' && b <= 'Z' ? b + 32 : b) != lowerCaseName.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The line as a reason may show it: control characters as '?', at most 80 characters. */
    private String printable(int from, int to) {
        StringBuilder out = new StringBuilder();
        for (int i = from; i < Math.min(to, from + 80); i++) {
            int b = line[i] & 0xff;
            out.append(b < 0x20 || b >= 0x7f ? '?' : (char) b);
        }
        return to - from > 80 ? out + "..." : out.toString();
    }
}
