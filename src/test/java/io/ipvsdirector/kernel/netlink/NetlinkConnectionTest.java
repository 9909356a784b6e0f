package io.ipvsdirector.kernel.netlink;

import static io.ipvsdirector.kernel.netlink.FakeTransport.PORT_ID;
import static io.ipvsdirector.kernel.netlink.FakeTransport.ack;
import static io.ipvsdirector.kernel.netlink.FakeTransport.done;
import static io.ipvsdirector.kernel.netlink.FakeTransport.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** Sequence and port matching, acknowledgements, dumps and batches, against a scripted kernel. */
class NetlinkConnectionTest {
    private static final int FAMILY = 0x20;

    private final FakeTransport kernel = new FakeTransport();
    private final NetlinkConnection connection = new NetlinkConnection(kernel);

    private static NetlinkConnection.Request request(String what) {
        return new NetlinkConnection.Request(what, FAMILY, 0, w -> w.u32(0));
    }

    private static byte[] value(int seq, int flags, int v) {
        return message(FAMILY, flags, seq, PORT_ID, w -> w.attrU32(1, v));
    }

    private static Integer decode(NetlinkMessage m) {
        return m.attributes(0).u32(1);
    }

    @Test
    void aGetReadsItsReplyAndDrainsTheAcknowledgementSoTheNextRequestIsNotConfused() throws Exception {
        kernel.reply(value(1, 0, 41)).reply(ack(1, 0))
                .reply(value(2, 0, 42)).reply(ack(2, 0));
        assertEquals(List.of(41), connection.get(request("first"), NetlinkConnectionTest::decode));
        assertEquals(List.of(42), connection.get(request("second"), NetlinkConnectionTest::decode));
        assertEquals(Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK, FakeTransport.flags(kernel.sent().get(0)).get(0));
    }

    @Test
    void repliesToAnEarlierRequestOrAnotherPortAreSkipped() throws Exception {
        kernel.reply(ack(0, 0))                                                      // a late answer to an older request
                .reply(message(FAMILY, 0, 1, PORT_ID + 1, w -> w.attrU32(1, 99)))    // someone else's
                .reply(value(1, 0, 7), ack(1, 0));
        assertEquals(List.of(7), connection.get(request("read"), NetlinkConnectionTest::decode));
        assertEquals(2, connection.staleReplies());
    }

    @Test
    void anErrorBecomesTheTypedExceptionNamingWhatWasDone() {
        kernel.reply(ack(1, Errno.EEXIST.value()));
        ObjectExistsException e = assertThrows(ObjectExistsException.class, () -> connection.execute(request("-A -t 192.0.2.10:80 -s wlc")));
        assertEquals("-A -t 192.0.2.10:80 -s wlc: File exists", e.getMessage());
        assertEquals(Errno.EEXIST, e.errno());
    }

    @Test
    void noReplyIsATimeoutNamingWhatWasDone() {
        NetlinkTimeoutException e = assertThrows(NetlinkTimeoutException.class, () -> connection.execute(request("list IPVS services")));
        assertEquals("list IPVS services: no reply from the kernel in time", e.getMessage());
    }

    @Test
    void aDumpReadsEveryPartAcrossDatagramsUntilDone() throws Exception {
        kernel.reply(value(1, Netlink.NLM_F_MULTI, 1), value(1, Netlink.NLM_F_MULTI, 2))
                .reply(value(1, Netlink.NLM_F_MULTI, 3))
                .reply(done(1));
        assertEquals(List.of(1, 2, 3), connection.dump(request("dump"), NetlinkConnectionTest::decode));
        assertEquals(Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP, FakeTransport.flags(kernel.sent().get(0)).get(0));
    }

    @Test
    void anInterruptedDumpIsRestartedAndOnlyTheConsistentOneCounts() throws Exception {
        int multiIntr = Netlink.NLM_F_MULTI | Netlink.NLM_F_DUMP_INTR;
        kernel.reply(value(1, Netlink.NLM_F_MULTI, 1), value(1, multiIntr, 2), done(1))
                .reply(value(2, Netlink.NLM_F_MULTI, 1), value(2, Netlink.NLM_F_MULTI, 3), done(2));
        assertEquals(List.of(1, 3), connection.dump(request("dump"), NetlinkConnectionTest::decode));
        assertEquals(2, kernel.sent().size());
    }

    @Test
    void aDumpInterruptedEveryTimeFailsAfterFiveAttempts() {
        kernel.respondWith(sent -> {
            int seq = FakeTransport.seqs(sent).get(0);
            return List.of(value(seq, Netlink.NLM_F_MULTI | Netlink.NLM_F_DUMP_INTR, 1), done(seq));
        });
        NetlinkException e = assertThrows(NetlinkException.class, () -> connection.dump(request("dump services"), m -> 0));
        assertEquals("dump services: the table changed during each of 5 dumps", e.getMessage());
        assertEquals(5, kernel.sent().size());
    }

    @Test
    void aBatchGoesOutInOneDatagramWithOnlyTheLastAskingForAnAcknowledgementAndErrorsLandOnTheirRequest() throws Exception {
        kernel.respondWith(sent -> {
            List<Integer> seqs = FakeTransport.seqs(sent);
            // The second request fails; the last one is acknowledged.
            return List.of(ack(seqs.get(1), Errno.ESRCH.value()), ack(seqs.get(2), 0));
        });
        NetlinkException[] results = connection.batch(List.of(request("a"), request("b"), request("c")));
        assertEquals(1, kernel.sent().size());
        int r = Netlink.NLM_F_REQUEST;
        assertEquals(List.of(r, r, r | Netlink.NLM_F_ACK), FakeTransport.flags(kernel.sent().get(0)));
        assertNull(results[0]);
        assertInstanceOf(ObjectMissingException.class, results[1]);
        assertEquals("b: No such process", results[1].getMessage());
        assertNull(results[2]);
    }

    @Test
    void aLongBatchIsSplitIntoDatagramsOfAtMostTheBatchLimit() throws Exception {
        kernel.respondWith(sent -> {
            List<Integer> seqs = FakeTransport.seqs(sent);
            return List.of(ack(seqs.get(seqs.size() - 1), 0));
        });
        List<NetlinkConnection.Request> requests = new ArrayList<>();
        for (int i = 0; i < NetlinkConnection.BATCH_LIMIT * 2 + 5; i++) {
            requests.add(request("op " + i));
        }
        NetlinkException[] results = connection.batch(requests);
        assertEquals(3, kernel.sent().size());
        assertEquals(NetlinkConnection.BATCH_LIMIT, FakeTransport.seqs(kernel.sent().get(0)).size());
        assertEquals(5, FakeTransport.seqs(kernel.sent().get(2)).size());
        for (NetlinkException e : results) {
            assertNull(e);
        }
    }

    @Test
    void aFailingLastRequestStillEndsItsBatch() throws Exception {
        kernel.respondWith(sent -> List.of(ack(FakeTransport.seqs(sent).get(1), Errno.EINVAL.value())));
        NetlinkException[] results = connection.batch(List.of(request("a"), request("b")));
        assertNull(results[0]);
        assertInstanceOf(InvalidRequestException.class, results[1]);
    }

    @Test
    void theConnectionBelongsToTheThreadThatMadeIt() throws Exception {
        CompletableFuture<Throwable> elsewhere = CompletableFuture.supplyAsync(() -> {
            try {
                connection.execute(request("from elsewhere"));
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        Throwable t = elsewhere.get();
        assertInstanceOf(IllegalStateException.class, t);
        assertTrue(t.getMessage().startsWith("netlink I/O from "), t.getMessage());
        assertTrue(kernel.sent().isEmpty(), "nothing was sent");
    }

    @Test
    void closingClosesTheSocket() throws ExecutionException {
        connection.close();
        assertTrue(kernel.closed());
    }
}
