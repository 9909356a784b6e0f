package io.ipvsdirector.health;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/** Lets {@link VerdictChange} records travel the local event bus as they are (they are immutable). */
final class VerdictChangeCodec implements MessageCodec<VerdictChange, VerdictChange> {

    /** Registers the codec once per Vert.x instance. */
    static synchronized void register(Vertx vertx) {
        try {
            vertx.eventBus().registerDefaultCodec(VerdictChange.class, new VerdictChangeCodec());
        } catch (IllegalStateException alreadyRegistered) {
            // another health service of this Vert.x instance registered it
        }
    }

    @Override
    public void encodeToWire(Buffer buffer, VerdictChange change) {
        throw new UnsupportedOperationException("verdict changes are delivered locally only");
    }

    @Override
    public VerdictChange decodeFromWire(int pos, Buffer buffer) {
        throw new UnsupportedOperationException("verdict changes are delivered locally only");
    }

    @Override
    public VerdictChange transform(VerdictChange change) {
        return change;
    }

    @Override
    public String name() {
        return "ipvs-director-verdict-change";
    }

    @Override
    public byte systemCodecID() {
        return -1;
    }
}
