package io.ipvsdirector.cluster;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link ClusterMessage} as the small JSON document inside a sealed message. */
final class MessageCodec {
    private MessageCodec() {
    }

    static String encode(ClusterMessage m) {
        NodeState s = m.state();
        return new JsonObject()
                .put("c", m.cluster()).put("a", m.address())
                .put("i", Long.toHexString(m.incarnation())).put("st", m.startedMillis())
                .put("q", m.counter()).put("t", m.sentMillis()).put("m", new JsonArray(m.members()))
                .put("n", s.name()).put("p", s.priority()).put("r", s.role().name()).put("e", s.epoch())
                .put("pr", s.preemptReady()).put("v", s.version()).put("why", s.reason())
                .put("sa", m.sees().name()).put("se", m.sees().epoch()).put("hr", new JsonArray(m.hears()))
                .encode();
    }

    /** The message in {@code text}, or empty when it is not a well-formed message. */
    static Optional<ClusterMessage> decode(String text) {
        try {
            JsonObject j = new JsonObject(text);
            List<String> members = new ArrayList<>();
            for (Object o : j.getJsonArray("m")) {
                members.add((String) o);
            }
            List<String> hears = new ArrayList<>();
            for (Object o : j.getJsonArray("hr", new JsonArray())) {
                hears.add((String) o);
            }
            NodeState state = new NodeState(j.getString("n"), j.getInteger("p"), Role.valueOf(j.getString("r")),
                    j.getLong("e"), j.getBoolean("pr"), j.getLong("v"), j.getString("why", ""));
            if (state.name() == null || j.getString("c") == null || j.getString("a") == null) {
                return Optional.empty();
            }
            return Optional.of(new ClusterMessage(j.getString("c"), j.getString("a"),
                    Long.parseUnsignedLong(j.getString("i"), 16), j.getLong("st"), j.getLong("q"), j.getLong("t"),
                    members, state, new ClusterMessage.Sighting(j.getString("sa", ""), j.getLong("se", 0L)), hears));
        } catch (DecodeException | ClassCastException | IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
