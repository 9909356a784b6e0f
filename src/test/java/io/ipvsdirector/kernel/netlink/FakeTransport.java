package io.ipvsdirector.kernel.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A kernel stand-in for {@link NetlinkConnection}: records every datagram sent and answers with
 * datagrams queued in advance or made by a responder from each request. Replies are built with the
 * same {@link MessageWriter} the code under test uses, so the tests read as the kernel's side.
 */
public final class FakeTransport implements NetlinkTransport {
    public static final int PORT_ID = 4242;

    private final List<byte[]> sent = new ArrayList<>();
    private final Deque<byte[]> replies = new ArrayDeque<>();
    private Function<byte[], List<byte[]>> responder = request -> List.of();
    private boolean closed;

    /** Queues one datagram made of {@code messages}. */
    public FakeTransport reply(byte[]... messages) {
        int length = 0;
        for (byte[] m : messages) {
            length += m.length;
        }
        ByteBuffer b = ByteBuffer.allocate(length);
        for (byte[] m : messages) {
            b.put(m);
        }
        replies.add(b.array());
        return this;
    }

    /** Answers each sent datagram with the datagrams {@code responder} makes of it. */
    public FakeTransport respondWith(Function<byte[], List<byte[]>> r) {
        this.responder = r;
        return this;
    }

    public List<byte[]> sent() {
        return sent;
    }

    public boolean closed() {
        return closed;
    }

    @Override
    public int portId() {
        return PORT_ID;
    }

    @Override
    public void send(ByteBuffer buffer) {
        byte[] b = new byte[buffer.position()];
        buffer.duplicate().position(0).get(b);
        sent.add(b);
        replies.addAll(responder.apply(b));
    }

    @Override
    public int receive(ByteBuffer buffer) throws NetlinkException {
        byte[] next = replies.poll();
        if (next == null) {
            throw NetlinkException.of(Errno.EAGAIN.value(), "receive from netlink");
        }
        buffer.duplicate().position(0).put(next);
        return next.length;
    }

    @Override
    public void close() {
        closed = true;
    }

    /** One message as the kernel would write it. */
    public static byte[] message(int type, int flags, int seq, int pid, Consumer<MessageWriter> payload) {
        MessageWriter w = new MessageWriter(4096);
        int start = w.beginMessage(type, flags, seq, pid);
        payload.accept(w);
        w.endMessage(start);
        byte[] out = new byte[w.position()];
        w.buffer().duplicate().position(0).get(out);
        return out;
    }

    /** NLMSG_ERROR: {@code errno} 0 is an acknowledgement; the request's header follows, as with NETLINK_CAP_ACK. */
    public static byte[] ack(int seq, int errno) {
        return message(Netlink.NLMSG_ERROR, 0x100, seq, PORT_ID, w -> w.u32(-errno).u32(16).u16(0).u16(0).u32(seq).u32(0));
    }

    public static byte[] done(int seq) {
        return message(Netlink.NLMSG_DONE, Netlink.NLM_F_MULTI, seq, PORT_ID, w -> w.u32(0));
    }

    /** The sequence number of each message in a sent datagram. */
    public static List<Integer> seqs(byte[] datagram) {
        ByteBuffer b = ByteBuffer.wrap(datagram).order(ByteOrder.nativeOrder());
        List<Integer> out = new ArrayList<>();
        for (int at = 0; at < datagram.length; at += Netlink.align(b.getInt(at))) {
            out.add(b.getInt(at + 8));
        }
        return out;
    }

    /** The flags of each message in a sent datagram. */
    public static List<Integer> flags(byte[] datagram) {
        ByteBuffer b = ByteBuffer.wrap(datagram).order(ByteOrder.nativeOrder());
        List<Integer> out = new ArrayList<>();
        for (int at = 0; at < datagram.length; at += Netlink.align(b.getInt(at))) {
            out.add(b.getShort(at + 6) & 0xffff);
        }
        return out;
    }
}
