package io.ipvsdirector.notify;

import io.vertx.core.json.JsonObject;

/** Where the director's parts report what happened. Never blocks. */
public interface EventSink {
    /** A sink that drops everything, for tools that run parts of the director alone. */
    EventSink NONE = (type, subject, state, details) -> { };

    void emit(String type, String subject, String state, JsonObject details);
}
