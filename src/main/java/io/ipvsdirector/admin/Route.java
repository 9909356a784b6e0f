package io.ipvsdirector.admin;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/** One endpoint: from the request's body (empty for GET) to the reply; may fail with {@link ApiError}. */
@FunctionalInterface
interface Route {
    Future<Reply> handle(Buffer body, String client);
}
