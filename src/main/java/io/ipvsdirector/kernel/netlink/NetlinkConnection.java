package io.ipvsdirector.kernel.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Requests and replies over one netlink socket: sequence numbers, replies matched on sequence and
 * port id (stale ones from an earlier, timed-out request are skipped), acknowledgements drained,
 * dumps read to NLMSG_DONE and retried when the kernel marks them interrupted, and batches: many
 * requests in one datagram with an error, if any, attributed to each. Family-neutral: generic
 * netlink and rtnetlink build on it.
 *
 * <p>Confined to the thread that created it (the kernel thread): a call from any other thread is a
 * programming error and throws {@link IllegalStateException}.
 */
public final class NetlinkConnection implements AutoCloseable {
    public static final int BUFFER_SIZE = 64 * 1024;
    /**
     * Requests per datagram in a batch. The kernel answers a whole datagram before sendto returns,
     * so the error replies of a batch must fit the receive buffer at once; 128 small errors do.
     */
    public static final int BATCH_LIMIT = 128;
    private static final int MAX_DUMP_ATTEMPTS = 5;
    /** Room kept free in the send buffer for one more request; no request comes near it. */
    private static final int MAX_REQUEST_LENGTH = 1024;

    /** Writes a request's payload after its netlink header. */
    @FunctionalInterface
    public interface Payload {
        void write(MessageWriter writer);
    }

    /** Turns one reply into a value; must copy what it keeps out of the message's buffer. */
    @FunctionalInterface
    public interface Decoder<T> {
        T decode(NetlinkMessage message);
    }

    /** One request: what it does (for error messages), its message type, extra flags and payload. */
    public record Request(String what, int type, int flags, Payload payload) {
    }

    private interface Handler {
        /** Returns true when the exchange is complete. */
        boolean accept(NetlinkMessage message) throws NetlinkException;
    }

    private final NetlinkTransport transport;
    private final Thread owner = Thread.currentThread();
    private final MessageWriter tx = new MessageWriter(BUFFER_SIZE);
    private final ByteBuffer rx = ByteBuffer.allocateDirect(NetlinkSocket.DATAGRAMS_PER_RECEIVE * NetlinkSocket.DATAGRAM_REGION)
            .order(ByteOrder.nativeOrder());
    private int seq = 1;
    private long staleReplies;

    public NetlinkConnection(NetlinkTransport transport) {
        this.transport = transport;
    }

    /** Sends {@code request} with NLM_F_ACK and waits for the acknowledgement. */
    public void execute(Request request) throws NetlinkException {
        get(request, m -> null);
    }

    /** A non-dump request that answers with replies and then an acknowledgement; both are read. */
    public <T> List<T> get(Request request, Decoder<T> decoder) throws NetlinkException {
        checkThread();
        int s = sendOne(request, Netlink.NLM_F_ACK);
        List<T> out = new ArrayList<>();
        receive(s, s, request.what(), m -> {
            if (m.type() == Netlink.NLMSG_ERROR) {
                throwIfError(m, request.what());
                return true;
            }
            if (m.type() == Netlink.NLMSG_DONE) {
                return true;
            }
            if (m.type() >= Netlink.NLMSG_MIN_TYPE) {
                out.add(decoder.decode(m));
            }
            return false;
        });
        return out;
    }

    /** A dump (NLM_F_DUMP) read to NLMSG_DONE; restarted when the kernel flags it interrupted. */
    public <T> List<T> dump(Request request, Decoder<T> decoder) throws NetlinkException {
        checkThread();
        for (int attempt = 1; ; attempt++) {
            List<T> out = new ArrayList<>();
            boolean[] interrupted = {false};
            int s = sendOne(request, Netlink.NLM_F_DUMP);
            receive(s, s, request.what(), m -> {
                interrupted[0] |= m.hasFlag(Netlink.NLM_F_DUMP_INTR);
                switch (m.type()) {
                    case Netlink.NLMSG_DONE:
                        if (m.payloadLength() >= 4 && m.errorCode() < 0) {
                            throw NetlinkException.of(-m.errorCode(), request.what());
                        }
                        return true;
                    case Netlink.NLMSG_ERROR:
                        throwIfError(m, request.what());
                        return false;
                    case Netlink.NLMSG_NOOP:
                    case Netlink.NLMSG_OVERRUN:
                        return false;
                    default:
                        out.add(decoder.decode(m));
                        return !m.hasFlag(Netlink.NLM_F_MULTI);
                }
            });
            if (!interrupted[0]) {
                return out;
            }
            if (attempt == MAX_DUMP_ATTEMPTS) {
                throw new NetlinkException(Errno.EINTR.value(), request.what(), request.what()
                        + ": the table changed during each of " + MAX_DUMP_ATTEMPTS + " dumps");
            }
        }
    }

    /**
     * Sends {@code requests} in order, up to {@link #BATCH_LIMIT} per datagram, and returns one slot
     * per request: null when the kernel did it, else its error. Only the last request of each
     * datagram asks for an acknowledgement: the kernel replies to every failing request anyway, and
     * the acknowledgement of the last one says the datagram is done. The kernel goes on with the
     * next request after a failure, so a failure does not stop the batch.
     */
    public NetlinkException[] batch(List<Request> requests) throws NetlinkException {
        checkThread();
        NetlinkException[] results = new NetlinkException[requests.size()];
        int i = 0;
        while (i < requests.size()) {
            tx.clear();
            int first = seq;
            int lastStart = 0;
            int j = i;
            while (j < requests.size() && j - i < BATCH_LIMIT && tx.remaining() > MAX_REQUEST_LENGTH) {
                lastStart = write(requests.get(j), 0);
                j++;
            }
            tx.addFlags(lastStart, Netlink.NLM_F_ACK);
            int last = seq - 1;
            transport.send(tx.buffer());
            int base = i;
            receive(first, last, requests.get(j - 1).what(), m -> {
                if (m.type() != Netlink.NLMSG_ERROR) {
                    return false;
                }
                int index = base + (m.seq() - first);
                if (m.errorCode() < 0) {
                    results[index] = NetlinkException.of(-m.errorCode(), requests.get(index).what());
                }
                return m.seq() == last;
            });
            i = j;
        }
        return results;
    }

    /** Replies skipped because they answered an earlier request (after a timeout). */
    public long staleReplies() {
        return staleReplies;
    }

    public int portId() {
        return transport.portId();
    }

    private int sendOne(Request request, int extraFlags) throws NetlinkException {
        tx.clear();
        write(request, extraFlags);
        transport.send(tx.buffer());
        return seq - 1;
    }

    private int write(Request request, int extraFlags) {
        int start = tx.beginMessage(request.type(), Netlink.NLM_F_REQUEST | request.flags() | extraFlags, seq++, 0);
        request.payload().write(tx);
        tx.endMessage(start);
        return start;
    }

    private void receive(int firstSeq, int lastSeq, String what, Handler handler) throws NetlinkException {
        while (true) {
            int n;
            try {
                n = transport.receive(rx);
            } catch (NetlinkTimeoutException e) {
                throw NetlinkException.of(e.errnoValue(), what);
            }
            int at = 0;
            while (at + Netlink.HEADER_LENGTH <= n) {
                int length = rx.getInt(at);
                if (length < Netlink.HEADER_LENGTH || at + length > n) {
                    throw new NetlinkException(Errno.EIO.value(), what, what + ": malformed reply (length " + length + ")");
                }
                NetlinkMessage m = new NetlinkMessage(rx.getShort(at + 4) & 0xffff, rx.getShort(at + 6) & 0xffff,
                        rx.getInt(at + 8), rx.getInt(at + 12), rx, at + Netlink.HEADER_LENGTH, length - Netlink.HEADER_LENGTH);
                at += Netlink.align(length);
                if (m.pid() != transport.portId() || !inRange(m.seq(), firstSeq, lastSeq)) {
                    staleReplies++;
                    continue;
                }
                if (handler.accept(m)) {
                    return;
                }
            }
        }
    }

    /** Sequence numbers wrap; compare by distance from the first. */
    private static boolean inRange(int s, int first, int last) {
        return Integer.compareUnsigned(s - first, last - first) <= 0;
    }

    private static void throwIfError(NetlinkMessage m, String what) throws NetlinkException {
        if (m.errorCode() < 0) {
            throw NetlinkException.of(-m.errorCode(), what);
        }
    }

    private void checkThread() {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("netlink I/O from " + Thread.currentThread().getName()
                    + "; it belongs to " + owner.getName());
        }
    }

    @Override
    public void close() {
        transport.close();
    }
}
