package io.ipvsdirector.admin;

import io.ipvsdirector.config.ConfigException;
import io.ipvsdirector.director.Director;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The endpoints that change something: POST /reload, /drain, /undrain, /failover. One log line each. */
final class ControlRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(ControlRoutes.class);

    private final Director director;
    private final Function<String, Future<Void>> reload;

    /** {@code reload} re-reads the configuration file for the given reason (the director's file watcher). */
    ControlRoutes(Director director, Function<String, Future<Void>> reload) {
        this.director = director;
        this.reload = reload;
    }

    void register(Map<String, Route> routes) {
        routes.put("POST /reload", (body, client) -> reload(client));
        routes.put("POST /drain", (body, client) -> drain(body, client, true));
        routes.put("POST /undrain", (body, client) -> drain(body, client, false));
        routes.put("POST /failover", this::failover);
    }

    private Future<Reply> reload(String client) {
        LOG.info("admin: reload requested by {}", client);
        return reload.apply("admin API").map(v -> Reply.ok(new JsonObject().put("result", "applied")
                .put("source", director.config().source()))).recover(err -> {
            if (err instanceof ConfigException ce) {
                return Future.failedFuture(new ApiError(422, "the configuration was rejected; the running one stays in force",
                        ce.lines()));
            }
            return Future.failedFuture(new ApiError(500, "reload failed: " + err.getMessage()));
        });
    }

    private Future<Reply> drain(Buffer body, String client, boolean drain) {
        JsonObject request;
        try {
            request = body.length() == 0 ? new JsonObject() : body.toJsonObject();
        } catch (DecodeException | ClassCastException e) {
            return Future.failedFuture(new ApiError(400, "the body must be a JSON object: " + e.getMessage()));
        }
        Targets.Target t = Targets.resolve(director.config(), request.getString("virtual_server"),
                request.getString("real_server"));
        String what = "vs " + t.virtualServer().name() + " rs " + t.realServer();
        LOG.info("admin: {} {} requested by {}", drain ? "drain" : "undrain", what, client);
        return director.drain(t.virtualServer().key(), t.realServer().key(), drain).map(changed -> {
            director.metrics().counter("drains_total", "action", drain ? "drain" : "undrain").inc();
            JsonObject out = new JsonObject().put("virtual_server", t.virtualServer().name())
                    .put("real_server", t.realServer().toString()).put("draining", drain).put("changed", changed);
            if (!changed) {
                out.put("message", drain ? "the director has no IPVS table for it" : "it was not drained by the operator");
            }
            return Reply.ok(out);
        });
    }

    /** Body: none, or {@code {"group": NAME}} (required when this director is elected in several groups). */
    private Future<Reply> failover(Buffer body, String client) {
        java.util.Optional<String> group;
        try {
            group = java.util.Optional.ofNullable((body == null || body.length() == 0 ? new JsonObject() : body.toJsonObject())
                    .getString("group"));
        } catch (DecodeException | ClassCastException e) {
            return Future.failedFuture(new ApiError(400, "the body must be a JSON object: " + e.getMessage()));
        }
        LOG.info("admin: failover{} requested by {}", group.map(g -> " of group " + g).orElse(""), client);
        return director.cluster().failover(group).map(to -> {
            director.metrics().counter("failovers_total").inc();
            JsonObject out = new JsonObject().put("result", "handing over").put("to", to);
            group.ifPresent(g -> out.put("group", g));
            return Reply.ok(out);
        }).recover(err -> {
            LOG.warn("admin: failover refused: {}", err.getMessage());
            return Future.failedFuture(new ApiError(409, err.getMessage()));
        });
    }
}
