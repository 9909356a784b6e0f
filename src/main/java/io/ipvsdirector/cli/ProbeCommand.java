package io.ipvsdirector.cli;

import io.ipvsdirector.config.ConfigLoader;
import io.ipvsdirector.config.DirectorConfig;
import io.ipvsdirector.health.Checks;
import io.ipvsdirector.health.ProbePlan;
import io.ipvsdirector.health.ProbeResult;
import io.ipvsdirector.health.ProbeTarget;
import io.ipvsdirector.health.RealServerRef;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs every check of a configuration once, so that an operator can try a check before a reload. */
@Command(name = "probe", mixinStandardHelpOptions = true,
        description = {"Run every health check of a configuration once, concurrently, and print the results.",
            "Identical checks of one target run once. Exit 0 when all ran, whatever their verdict;",
            "exit 2 for an invalid configuration."})
public final class ProbeCommand implements Callable<Integer> {
    private static final long GRACE_MILLIS = 5000;
    private static final List<String> HEADER = List.of("VIRTUAL SERVER", "REAL SERVER", "CHECK", "VERDICT", "LATENCY", "REASON");

    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print a JSON array instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        Vertx vertx = io.ipvsdirector.director.DirectorVertx.create();
        Checks checks = new Checks(vertx);
        try {
            DirectorConfig c = CheckConfigCommand.awaitValid(ConfigLoader.load(vertx, config.file()), config,
                    spec.commandLine().getErr());
            if (c == null) {
                return Main.EXIT_CONFIG;
            }
            ProbePlan plan = ProbePlan.of(c);
            Map<ProbeTarget, Future<ProbeResult>> running = new LinkedHashMap<>();
            plan.probes().keySet().forEach(t -> running.put(t, checks.probe(t)));
            // Every check bounds itself by its timeout; the deadline only guards against a check that
            // would not, so that the command always ends and says which probe hung.
            long deadline = plan.probes().keySet().stream().mapToLong(t -> t.spec().timeout().toMillis()).max().orElse(0)
                    + GRACE_MILLIS;
            try {
                Future.join(new ArrayList<>(running.values())).await(deadline, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                running.replaceAll((t, f) -> f.isComplete() ? f : Future.succeededFuture(new ProbeResult(false,
                        "did not finish within " + deadline + "ms", Duration.ofMillis(deadline), Optional.empty(), false)));
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(json(plan, running).encodePrettily());
            } else {
                table(plan, running, out);
            }
            out.flush();
            return 0;
        } finally {
            checks.close();
            vertx.close().await();
        }
    }

    /** What the CHECK column shows: the type, another port when the check has one, and its parameters. */
    private static String check(ProbeTarget t, RealServerRef user) {
        boolean otherPort = t.port() != user.realServer().port();
        return t.spec().type() + (otherPort ? " port " + t.port() : "") + t.spec().params().describe();
    }

    private static void table(ProbePlan plan, Map<ProbeTarget, Future<ProbeResult>> results, PrintWriter out) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        int up = 0;
        for (Map.Entry<ProbeTarget, List<RealServerRef>> probe : plan.probes().entrySet()) {
            ProbeResult r = results.get(probe.getKey()).result();
            up += r.up() ? 1 : 0;
            for (RealServerRef user : probe.getValue()) {
                rows.add(List.of(user.virtualServer() + " (" + user.service() + ")", user.realServer().toString(),
                        check(probe.getKey(), user), verdict(r), r.latencyText(), r.reason()));
            }
        }
        int[] widths = new int[HEADER.size()];
        rows.forEach(row -> {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        });
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(i == row.size() - 1 ? row.get(i) : String.format("%-" + widths[i] + "s  ", row.get(i)));
            }
            out.println(line.toString().stripTrailing());
        }
        out.println(plan.probes().size() + " probe(s) for " + plan.realServers() + " real server(s): " + up + " up, "
                + (plan.probes().size() - up) + " down");
    }

    private static String verdict(ProbeResult r) {
        return (r.up() ? "UP" : "DOWN") + r.weight().map(w -> " weight " + w).orElse("") + (r.drain() ? " drain" : "");
    }

    private static JsonArray json(ProbePlan plan, Map<ProbeTarget, Future<ProbeResult>> results) {
        JsonArray out = new JsonArray();
        plan.probes().forEach((target, users) -> {
            ProbeResult r = results.get(target).result();
            for (RealServerRef user : users) {
                JsonObject row = new JsonObject()
                        .put("virtual_server", user.virtualServer())
                        .put("service", user.service().toString())
                        .put("real_server", user.realServer().toString())
                        .put("check", check(target, user))
                        .put("verdict", r.up() ? "up" : "down")
                        .put("latency_ms", r.latency().toNanos() / 1e6)
                        .put("reason", r.reason());
                r.weight().ifPresent(w -> row.put("weight", w));
                if (r.drain()) {
                    row.put("drain", true);
                }
                row.put("shared_by", users.size());
                out.add(row);
            }
        });
        return out;
    }
}
