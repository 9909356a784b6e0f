package io.ipvsdirector.admin;

import io.ipvsdirector.cluster.NodeState;
import io.ipvsdirector.cluster.Role;
import io.ipvsdirector.director.Director;
import io.ipvsdirector.kernel.ipvs.IpvsSnapshot;
import io.ipvsdirector.metrics.PrometheusText;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/** The read-only endpoints: GET /status, GET /metrics, GET /health. */
final class StatusRoutes {
    private static final long HEALTH_DEADLINE_MS = 2000;
    private final Vertx vertx;
    private final Director director;

    StatusRoutes(Vertx vertx, Director director) {
        this.vertx = vertx;
        this.director = director;
    }

    void register(Map<String, Route> routes) {
        routes.put("GET /status", (body, client) -> status());
        routes.put("GET /metrics", (body, client) -> metrics());
        routes.put("GET /health", (body, client) -> health());
    }

    /** Peers come from the cluster's context and the counters straight from the kernel, then one document. */
    private Future<Reply> status() {
        Future<java.util.Map<String, List<NodeState>>> peers = director.cluster().livePeersByGroup();
        Future<IpvsSnapshot> kernel = director.config().virtualServers().isEmpty() || director.loop().plan() == null
                ? Future.succeededFuture(director.loop().lastSnapshot())
                : director.loop().readKernel().otherwise(err -> director.loop().lastSnapshot());
        return Future.all(peers, kernel).map(all -> {
            java.util.List<GroupStatus> groups = new java.util.ArrayList<>();
            java.util.Map<String, NodeState> states = director.cluster().groupStates();
            for (io.ipvsdirector.cluster.ElectionGroup g : director.cluster().groups()) {
                boolean held = g.vipGroups().stream().anyMatch(v -> director.vips().group(v).holding());
                groups.add(new GroupStatus(g.name(), g.vipGroups(), states.get(g.name()), peers.result().get(g.name()), held));
            }
            GroupStatus first = groups.get(0);
            StatusInputs in = new StatusInputs(director.config(), first.self(), first.peers(), first.held(),
                    director.loop().plan(), director.health() == null ? Map.of() : director.health().verdicts(),
                    kernel.result(), director.dryRun(), director.cluster().intruders(), groups);
            return Reply.ok(StatusJson.of(in));
        });
    }

    /** Scraped on a worker: gauges read other threads' state and JVM beans, never worth blocking a loop for. */
    private Future<Reply> metrics() {
        return vertx.executeBlocking(() -> new Reply(200, PrometheusText.CONTENT_TYPE, director.metrics().prometheus()), false);
    }

    /**
     * 200 while the director runs: its director loop and its cluster node each answer on their own
     * context within {@link #HEALTH_DEADLINE_MS}; 503 when one is stalled or the director is stopping.
     */
    private Future<Reply> health() {
        Future<Void> loop = director.loop().ping();
        Future<List<NodeState>> cluster = director.cluster().livePeers();
        io.vertx.core.Promise<Reply> reply = io.vertx.core.Promise.promise();
        long timer = vertx.setTimer(HEALTH_DEADLINE_MS, id -> reply.tryComplete(answer(503, "stalled: "
                + (loop.isComplete() ? "" : "the director loop") + (loop.isComplete() || cluster.isComplete() ? "" : " and ")
                + (cluster.isComplete() ? "" : "the cluster node") + " did not answer within " + HEALTH_DEADLINE_MS + " ms")));
        Future.all(loop, cluster).onComplete(ar -> {
            vertx.cancelTimer(timer);
            boolean stopping = director.cluster().self().role() == Role.STOPPING;
            reply.tryComplete(stopping ? answer(503, "stopping") : answer(200, "ok"));
        });
        return reply.future();
    }

    private Reply answer(int status, String text) {
        return Reply.json(status, new JsonObject().put("status", text).put("role", director.cluster().self().role().name()));
    }
}
