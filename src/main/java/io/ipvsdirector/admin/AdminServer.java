package io.ipvsdirector.admin;

import io.ipvsdirector.config.AdminConfig;
import io.ipvsdirector.director.Director;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP API on Vert.x core's HTTP server (a handful of fixed paths need no router). With a
 * token file every request must carry {@code Authorization: Bearer TOKEN}. A listen address that
 * cannot be bound is logged and the director runs on without its API: the traffic it directs
 * matters more than the API, and a restart loop would not free the port.
 */
public final class AdminServer {
    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    private static final int MAX_BODY = 64 * 1024;
    private static final long AUTH_LOG_EVERY_NANOS = 10_000_000_000L;

    private final Vertx vertx;
    private final Map<String, Route> routes = new HashMap<>();
    private final Optional<BearerToken> token;
    private HttpServer server;
    private long lastAuthLog;
    private long refusedSinceLog;

    private AdminServer(Vertx vertx, Director director, Function<String, Future<Void>> reload, Optional<BearerToken> token) {
        this.vertx = vertx;
        this.token = token;
        new StatusRoutes(vertx, director).register(routes);
        new ControlRoutes(director, reload).register(routes);
    }

    /**
     * Serves the API of {@code director} on {@code admin.listen}; {@code reload} re-reads the
     * configuration file. Never fails: a problem is logged and the server is simply not running.
     */
    public static Future<AdminServer> start(Vertx vertx, Director director, Function<String, Future<Void>> reload) {
        AdminConfig config = director.config().admin();
        Optional<BearerToken> token;
        try {
            token = config.tokenFile().isPresent() ? Optional.of(BearerToken.read(config.tokenFile().get())) : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            LOG.error("admin API not started: cannot read the token file: {}", e.getMessage());
            return Future.succeededFuture(new AdminServer(vertx, director, reload, Optional.empty()));
        }
        AdminServer admin = new AdminServer(vertx, director, reload, token);
        director.metrics().startJmx();
        HttpServerOptions options = new HttpServerOptions().setHost(config.listen().address().getHostAddress())
                .setPort(config.listen().port()).setMaxInitialLineLength(4096).setMaxHeaderSize(8192);
        return vertx.createHttpServer(options).requestHandler(admin::handle).listen().map(s -> {
            admin.server = s;
            LOG.info("admin API on http://{}{}", config.listen(), token.isPresent() ? " (bearer token required)" : "");
            return admin;
        }).otherwise(err -> {
            LOG.error("admin API not started: cannot listen on {}: {}", config.listen(), err.getMessage());
            return admin;
        });
    }

    public boolean listening() {
        return server != null;
    }

    public Future<Void> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    private void handle(HttpServerRequest request) {
        String client = request.remoteAddress() == null ? "?" : request.remoteAddress().hostAddress();
        if (token.isPresent() && !token.get().accepts(request.getHeader("Authorization"))) {
            refused(client);
            request.response().putHeader("WWW-Authenticate", "Bearer realm=\"ipvs-director\"");
            send(request, Reply.json(401, new JsonObject().put("error", "a valid bearer token is required")));
            return;
        }
        String path = request.path();
        Route route = routes.get(request.method().name() + " " + path);
        if (route == null) {
            TreeSet<String> allowed = new TreeSet<>();
            routes.keySet().stream().filter(k -> k.endsWith(" " + path)).forEach(k -> allowed.add(k.substring(0, k.indexOf(' '))));
            if (allowed.isEmpty()) {
                send(request, Reply.json(404, new JsonObject().put("error", "no such endpoint: " + path)
                        .put("endpoints", new io.vertx.core.json.JsonArray(new TreeSet<>(routes.keySet()).stream().toList()))));
            } else {
                request.response().putHeader("Allow", String.join(", ", allowed));
                send(request, Reply.json(405, new JsonObject().put("error", path + " takes " + String.join(" or ", allowed))));
            }
            return;
        }
        request.body().compose(body -> {
            if (body.length() > MAX_BODY) {
                return Future.failedFuture(new ApiError(413, "the body is larger than " + MAX_BODY + " bytes"));
            }
            try {
                return route.handle(body, client);
            } catch (ApiError e) {
                return Future.failedFuture(e);
            }
        }).onComplete(ar -> {
            if (ar.succeeded()) {
                send(request, ar.result());
            } else if (ar.cause() instanceof ApiError e) {
                send(request, Reply.json(e.status(), e.toJson()));
            } else {
                LOG.warn("admin: {} {} failed: {}", request.method(), path, ar.cause().toString());
                send(request, Reply.json(500, new JsonObject().put("error", String.valueOf(ar.cause().getMessage()))));
            }
        });
    }

    /** One line per ten seconds at most, so that a scanner cannot fill the log. */
    private void refused(String client) {
        refusedSinceLog++;
        long now = System.nanoTime();
        if (lastAuthLog == 0 || now - lastAuthLog > AUTH_LOG_EVERY_NANOS) {
            LOG.warn("admin: refused {} request(s) without a valid bearer token (latest from {})", refusedSinceLog, client);
            lastAuthLog = now;
            refusedSinceLog = 0;
        }
    }

    private static void send(HttpServerRequest request, Reply reply) {
        request.response().setStatusCode(reply.status()).putHeader("Content-Type", reply.contentType())
                .putHeader("Cache-Control", "no-store").end(reply.body());
    }
}
