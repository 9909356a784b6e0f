package io.ipvsdirector.cluster;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/** NodeState as the small JSON document that the beacon and the replicated map carry. */
public final class NodeStateCodec {
    private NodeStateCodec() {
    }

    public static String encode(String cluster, NodeState s) {
        return new JsonObject()
                .put("c", cluster).put("id", s.id()).put("n", s.name()).put("p", s.priority())
                .put("r", s.role().name()).put("e", s.epoch()).put("pr", s.preemptReady())
                .put("v", s.version()).put("why", s.reason())
                .encode();
    }

    /** The state in {@code text} if it is a well-formed state of {@code cluster}; anything else is ignored. */
    public static Optional<NodeState> decode(String cluster, String text) {
        try {
            JsonObject j = new JsonObject(text);
            if (!cluster.equals(j.getString("c"))) {
                return Optional.empty();
            }
            return Optional.of(new NodeState(j.getString("id"), j.getString("n"), j.getInteger("p"),
                    Role.valueOf(j.getString("r")), j.getLong("e"), j.getBoolean("pr"), j.getLong("v"),
                    j.getString("why", "")));
        } catch (DecodeException | ClassCastException | IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
