package io.ipvsdirector.health;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The HTTP/1.1 response parser on its own: every framing, every read split, every limit. */
class HttpResponseParserTest {
    private static final String CHUNKED = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nServer: x\r\n\r\n"
            + "5;name=value\r\nhello\r\n"
            + "7 ; other\r\n, world\r\n"
            + "0\r\nX-Trailer: yes\r\nX-Other: 1\r\n\r\n";

    private static HttpResponseParser parser(int maxBody) {
        return new HttpResponseParser(maxBody, false, true);
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String body(HttpResponseParser p) {
        return new String(p.body(), StandardCharsets.ISO_8859_1);
    }

    /** Feeds {@code response} split into two reads at {@code offset}. */
    private static HttpResponseParser split(String response, int offset, int maxBody) throws Exception {
        HttpResponseParser p = parser(maxBody);
        p.feed(bytes(response.substring(0, offset)));
        p.feed(bytes(response.substring(offset)));
        return p;
    }

    @Test
    void contentLengthBodyAtEverySplit() throws Exception {
        String response = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\ncontent-LENGTH:  10 \r\n\r\nall is ok\n";
        for (int offset = 0; offset <= response.length(); offset++) {
            HttpResponseParser p = split(response, offset, 1024);
            assertTrue(p.complete(), "split at " + offset);
            assertEquals(200, p.status());
            assertEquals("all is ok\n", body(p), "split at " + offset);
            assertFalse(p.truncated());
        }
    }

    @Test
    void oneByteAtATime() throws Exception {
        HttpResponseParser p = parser(1024);
        for (byte b : CHUNKED.getBytes(StandardCharsets.ISO_8859_1)) {
            assertFalse(p.complete());
            p.feed(ByteBuffer.wrap(new byte[] {b}));
        }
        assertTrue(p.complete());
        assertEquals("hello, world", body(p));
    }

    @Test
    void chunkedBodyWithExtensionsAndTrailersAtEverySplit() throws Exception {
        for (int offset = 0; offset <= CHUNKED.length(); offset++) {
            HttpResponseParser p = split(CHUNKED, offset, 1024);
            assertTrue(p.complete(), "split at " + offset);
            assertEquals("hello, world", body(p), "split at " + offset);
        }
        HttpResponseParser incomplete = parser(1024);
        incomplete.feed(bytes(CHUNKED.substring(0, CHUNKED.length() - 2)));
        assertFalse(incomplete.complete(), "the trailers end with an empty line");
        assertFalse(incomplete.endOfInput(), "a chunked body cut short is not a response");
    }

    @Test
    void bodyOverTheLimitIsCompleteAndTruncatedWithItsFirstBytesKept() throws Exception {
        HttpResponseParser byLength = parser(4);
        byLength.feed(bytes("HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\nhello"));
        assertTrue(byLength.complete());
        assertTrue(byLength.truncated());
        assertEquals("hell", body(byLength));

        HttpResponseParser chunked = parser(7);
        chunked.feed(bytes(CHUNKED));
        assertTrue(chunked.complete() && chunked.truncated());
        assertEquals("hello, ", body(chunked));

        HttpResponseParser exact = parser(12);
        exact.feed(bytes(CHUNKED));
        assertTrue(exact.complete());
        assertFalse(exact.truncated(), "a body of exactly max_body bytes is whole");
    }

    @Test
    void bodyNotKeptIsStillCounted() throws Exception {
        HttpResponseParser p = new HttpResponseParser(1024, false, false);
        p.feed(bytes("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok"));
        assertFalse(p.complete());
        assertEquals(2, p.bodyLength());
        p.feed(bytes("\n"));
        assertTrue(p.complete());
        assertArrayEquals(new byte[0], p.body());
    }

    @Test
    void http10BodyRunsToTheCloseOfTheConnection() throws Exception {
        HttpResponseParser p = parser(1024);
        p.feed(bytes("HTTP/1.0 200 OK\nServer: old\n\nfirst "));
        p.feed(bytes("second"));
        assertEquals(200, p.status());
        assertFalse(p.complete());
        assertTrue(p.endOfInput());
        assertTrue(p.complete());
        assertEquals("first second", body(p));

        HttpResponseParser gzip = parser(1024);
        gzip.feed(bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nContent-Length: 2\r\n\r\nabc"));
        assertFalse(gzip.complete(), "a coding other than chunked runs to the close, whatever the length says");
        assertTrue(gzip.endOfInput());
    }

    @Test
    void interimResponsesAreSkipped() throws Exception {
        String response = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n"
                + "HTTP/1.1 503 Busy\r\nContent-Length: 4\r\n\r\nbusy";
        for (int offset = 0; offset <= response.length(); offset++) {
            HttpResponseParser p = split(response, offset, 1024);
            assertEquals(503, p.status(), "split at " + offset);
            assertEquals("busy", body(p));
        }
        HttpResponseParser onlyInterim = parser(1024);
        onlyInterim.feed(bytes("HTTP/1.1 100 Continue\r\n\r\n"));
        assertEquals(-1, onlyInterim.status());
    }

    @Test
    void responsesWithoutBodyEndWithTheirHeaders() throws Exception {
        HttpResponseParser head = new HttpResponseParser(1024, true, false);
        head.feed(bytes("HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n"));
        assertTrue(head.complete(), "a response to HEAD has no body");
        for (String status : new String[] {"204 No Content", "304 Not Modified"}) {
            HttpResponseParser p = parser(1024);
            p.feed(bytes("HTTP/1.1 " + status + "\r\nContent-Length: 10\r\n\r\n"));
            assertTrue(p.complete(), status);
        }
        HttpResponseParser empty = parser(1024);
        empty.feed(bytes("HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n"));
        assertTrue(empty.complete(), "a status line without a reason is valid");
    }

    @Test
    void malformedStatusLinesAreRefused() {
        for (String line : new String[] {"HTTP/2 200 OK", "HTTP/1.1 20 OK", "HTTP/1.1 2000 OK", "SSH-2.0-OpenSSH_9.6",
                "HTTP/1.1 200OK", "http/1.1 200 OK", "HTTP/1.1 099 Low", ""}) {
            HttpResponseParser p = parser(1024);
            var e = assertThrows(HttpResponseParser.MalformedResponse.class, () -> p.feed(bytes(line + "\r\n")), line);
            assertTrue(e.getMessage().startsWith("malformed status line '"), e.getMessage());
        }
        var binary = assertThrows(HttpResponseParser.MalformedResponse.class,
                () -> parser(1024).feed(bytes("\u0016\u0003\u0001 tls\n")));
        assertEquals("malformed status line '??? tls'", binary.getMessage());
    }

    @Test
    void malformedHeadersAndChunksAreRefused() {
        String ok = "HTTP/1.1 200 OK\r\n";
        String[] bad = {ok + "no colon here\r\n", ok + "Name : value\r\n", ok + "Content-Length: 1x\r\n",
                ok + "Content-Length:\r\n", ok + "Content-Length: 3\r\nContent-Length: 4\r\n",
                ok + "Transfer-Encoding: chunked\r\n\r\nzz\r\n", ok + "Transfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n",
                ok + "Transfer-Encoding: chunked\r\n\r\n1ffffffffffffffff\r\n"};
        for (String response : bad) {
            assertThrows(HttpResponseParser.MalformedResponse.class, () -> parser(1024).feed(bytes(response)), response);
        }
    }

    @Test
    void linesAndHeadersHaveLimits() {
        var line = assertThrows(HttpResponseParser.MalformedResponse.class,
                () -> parser(1024).feed(bytes("HTTP/1.1 200 " + "x".repeat(HttpResponseParser.MAX_LINE))));
        assertEquals("status line longer than 8192 bytes", line.getMessage());
        String many = "HTTP/1.1 200 OK\r\n" + ("X-Filler: " + "y".repeat(1000) + "\r\n").repeat(70);
        var headers = assertThrows(HttpResponseParser.MalformedResponse.class, () -> parser(1024).feed(bytes(many)));
        assertEquals("headers longer than 65536 bytes", headers.getMessage());
    }

    @Test
    void responseCutShortIsNotComplete() throws Exception {
        HttpResponseParser p = parser(1024);
        p.feed(bytes("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"));
        assertFalse(p.endOfInput());
        HttpResponseParser noHeaders = parser(1024);
        noHeaders.feed(bytes("HTTP/1.1 200 OK\r\nServer: x"));
        assertFalse(noHeaders.endOfInput());
        assertEquals(-1, noHeaders.status());
    }

    @Test
    void bytesAfterTheResponseAreLeftUnread() throws Exception {
        HttpResponseParser p = parser(1024);
        ByteBuffer data = bytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA");
        p.feed(data);
        assertTrue(p.complete());
        assertEquals(5, data.remaining());
    }
}
