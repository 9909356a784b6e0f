package io.ipvsdirector.notify;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * One event of the stream: what happened ({@code type}) to what ({@code subject}), its new
 * {@code state}, and the details of its type.
 *
 * @param seq grows by one with every event of this director, across restarts
 */
public record Event(long seq, Instant time, String node, String type, String subject, String state, JsonObject details) {

    /** The JSON line: the fixed fields first, then the details. */
    public JsonObject toJson() {
        JsonObject j = new JsonObject()
                .put("seq", seq).put("time", time.toString()).put("node", node)
                .put("type", type).put("subject", subject).put("state", state);
        details.forEach(e -> j.put(e.getKey(), e.getValue()));
        return j;
    }
}
