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
        JsonArray groups = new JsonArray();
        for (ClusterMessage.GroupState g : m.groups()) {
            NodeState s = g.state();
            groups.add(new JsonObject().put("g", g.group()).put("p", s.priority()).put("r", s.role().name())
                    .put("e", s.epoch()).put("pr", s.preemptReady()).put("v", s.version()).put("why", s.reason())
                    .put("sa", g.sees().name()).put("se", g.sees().epoch()).put("ho", g.handingOverTo()));
        }
        return new JsonObject()
                .put("c", m.cluster()).put("a", m.address())
                .put("i", Long.toHexString(m.incarnation())).put("st", m.startedMillis())
                .put("q", m.counter()).put("t", m.sentMillis()).put("m", new JsonArray(m.members()))
                .put("n", m.sender()).put("gs", groups).put("hr", new JsonArray(m.hears()))
                .encode();
    }

    /** The message in {@code text}, or empty when it is not a well-formed message. */
    static Optional<ClusterMessage> decode(String text) {
        try {
            JsonObject j = new JsonObject(text);
            List<String> members = strings(j.getJsonArray("m"));
            List<String> hears = strings(j.getJsonArray("hr", new JsonArray()));
            String name = j.getString("n");
            if (name == null || j.getString("c") == null || j.getString("a") == null) {
                return Optional.empty();
            }
            List<ClusterMessage.GroupState> groups = new ArrayList<>();
            for (Object o : j.getJsonArray("gs")) {
                JsonObject g = (JsonObject) o;
                NodeState state = new NodeState(name, g.getInteger("p"), Role.valueOf(g.getString("r")),
                        g.getLong("e"), g.getBoolean("pr"), g.getLong("v"), g.getString("why", ""));
                groups.add(new ClusterMessage.GroupState(g.getString("g", ClusterMessage.GroupState.ANY), state,
                        new ClusterMessage.Sighting(g.getString("sa", ""), g.getLong("se", 0L)), g.getString("ho", "")));
            }
            return Optional.of(new ClusterMessage(j.getString("c"), j.getString("a"),
                    Long.parseUnsignedLong(j.getString("i"), 16), j.getLong("st"), j.getLong("q"), j.getLong("t"),
                    members, groups, hears));
        } catch (DecodeException | ClassCastException | IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    private static List<String> strings(JsonArray array) {
        List<String> out = new ArrayList<>();
        for (Object o : array) {
            out.add((String) o);
        }
        return out;
    }
}
