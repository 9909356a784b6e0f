package io.ipvsdirector.admin;

import io.vertx.core.json.JsonObject;

/** An answer of the API: status, content type and body. */
public record Reply(int status, String contentType, String body) {
    public static Reply json(int status, JsonObject body) {
        return new Reply(status, "application/json", body.encodePrettily() + "\n");
    }

    public static Reply ok(JsonObject body) {
        return json(200, body);
    }
}
