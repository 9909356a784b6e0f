package io.ipvsdirector.admin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** A request the API refuses: the HTTP status and what the operator reads (and, for reloads, the config's lines). */
public final class ApiError extends RuntimeException {
    private final int status;
    private final List<String> lines;

    public ApiError(int status, String message) {
        this(status, message, List.of());
    }

    public ApiError(int status, String message, List<String> lines) {
        super(message, null, false, false);
        this.status = status;
        this.lines = List.copyOf(lines);
    }

    public int status() {
        return status;
    }

    public JsonObject toJson() {
        JsonObject out = new JsonObject().put("error", getMessage());
        if (!lines.isEmpty()) {
            out.put("lines", new JsonArray(lines));
        }
        return out;
    }
}
