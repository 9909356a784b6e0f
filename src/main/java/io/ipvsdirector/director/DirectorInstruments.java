package io.ipvsdirector.director;

import io.ipvsdirector.cluster.ClusterNode;
import io.ipvsdirector.cluster.Role;
import io.ipvsdirector.health.HealthService;
import io.ipvsdirector.health.ProbePlan;
import io.ipvsdirector.health.ProbeTarget;
import io.ipvsdirector.health.VerdictChange;
import io.ipvsdirector.kernel.netlink.NetlinkException;
import io.ipvsdirector.metrics.DirectorMetrics;
import io.ipvsdirector.reconcile.PolicyPlan;
import io.ipvsdirector.reconcile.ReconcileListener;
import io.ipvsdirector.vip.VipGroups;
import io.vertx.core.Vertx;
import java.util.Set;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * Connects the running director's parts to its metrics: listeners for what happens (role changes,
 * elections, probe results, verdict changes, IPVS operations) and gauges read at each scrape for
 * what is (role, VIPs, servers by state, latencies). Kept apart from {@link Director} so that the
 * wiring of the director and the naming of its metrics change independently.
 */
final class DirectorInstruments {
    private static final double[] QUANTILES = {0.5, 0.9, 0.99};

    private DirectorInstruments() {
    }

    /** Before the cluster starts, so that the first election is counted. */
    static void attach(DirectorMetrics m, Vertx vertx, ClusterNode cluster, VipGroups vips, DirectorLoop loop) {
        for (Role role : Role.values()) {
            m.gauge(() -> cluster.self().role() == role ? 1 : 0, "role", "role", role.name());
        }
        m.gauge(() -> cluster.self().epoch(), "epoch");
        m.gauge(() -> cluster.self().priority(), "priority");
        // Per group (role, epoch): with one group the same as the above, with several the whole picture.
        for (String group : cluster.groupStates().keySet()) {
            for (Role role : Role.values()) {
                m.gauge(() -> cluster.groupStates().get(group).role() == role ? 1 : 0, "group_role", "group", group,
                        "role", role.name());
            }
            m.gauge(() -> cluster.groupStates().get(group).epoch(), "group_epoch", "group", group);
        }
        for (String reason : ClusterNode.REJECT_REASONS) {
            m.gauge(() -> cluster.rejectedMessages().getOrDefault(reason, 0L), "cluster_messages_rejected_total",
                    "reason", reason);
        }
        m.gauge(() -> cluster.intruders().size(), "cluster_intruders");
        cluster.onRoleChange(c -> m.counter("role_changes_total").inc());
        cluster.onElection((g, a) -> m.counter("elections_total").inc());
        m.gauge(vips::held, "vips_held");
        m.gauge(vips::announcements, "vip_announcements_total");
        m.gauge(vips::announcementFailures, "vip_announcement_failures_total");

        loop.observe(new ReconcileListener() {
            @Override
            public void planned(String operation) {
                m.counter("reconcile_operations_total").inc();
            }

            @Override
            public void applied(String operation) {
                m.counter("reconcile_operations_total").inc();
            }

            @Override
            public void refused(String operation, NetlinkException error) {
                m.counter("reconcile_refused_total").inc();
            }

            @Override
            public void rereading(int round, int maxRounds, int refused) {
            }
        });
        m.counter("reconcile_operations_total");
        m.counter("reconcile_refused_total");
        m.gauge(loop::errors, "reconcile_errors_total");
        latency(m, "netlink_batch_seconds", loop.kernelRoundTrip());
        m.gauge(() -> loop.kernelRoundTrip().count(), "netlink_batches_total");
        latency(m, "verdict_to_kernel_seconds", loop.verdictToKernel());
        for (String state : new String[] {"up", "down", "draining", "out"}) {
            m.gauge(() -> count(loop.plan(), s -> s.servers().stream().filter(r -> r.state().equals(state)).count()),
                    "real_servers", "state", state);
        }
        m.gauge(() -> count(loop.plan(), s -> s.quorum() ? 1 : 0), "virtual_servers", "quorum", "held");
        m.gauge(() -> count(loop.plan(), s -> s.quorum() ? 0 : 1), "virtual_servers", "quorum", "lost");
        vertx.eventBus().<VerdictChange>localConsumer(VerdictChange.ADDRESS, msg -> {
            VerdictChange c = msg.body();
            if (c.previous() != c.verdict()) {
                m.counter("verdict_changes_total", "verdict", c.verdict().name()).inc();
            }
        });
        m.counter("verdict_changes_total", "verdict", "UP");
        m.counter("verdict_changes_total", "verdict", "DOWN");
        m.counter("failovers_total");
        m.counter("config_reloads_total", "result", "applied");
        m.counter("config_reloads_total", "result", "failed");
    }

    /** Once the health service runs: each probe result, by check type and target. */
    static void health(DirectorMetrics m, HealthService health) {
        m.gauge(health::probeCount, "probes");
        m.gauge(health::lateResults, "check_late_results_total");
        health.onProbeResult((target, result) -> {
            String type = target.spec().type().name().toLowerCase(java.util.Locale.ROOT);
            m.time("check_latency_seconds", result.latency(), "type", type);
            m.counter("check_results_total", "type", type, "target", target.endpoint(), "result",
                    result.up() ? "up" : "down").inc();
        });
    }

    /** After a reload: the result counters of probes that no longer exist go. */
    static void reloaded(DirectorMetrics m, ProbePlan plan) {
        Set<String> live = plan.probes().keySet().stream().map(ProbeTarget::endpoint)
                .map(e -> "target=\"" + e + "\"").collect(Collectors.toSet());
        m.removeIf("check_results_total", name -> live.stream().noneMatch(name::contains));
    }

    private static void latency(DirectorMetrics m, String family, LatencyRecorder recorder) {
        for (double q : QUANTILES) {
            m.gauge(() -> {
                long micros = recorder.percentile(q * 100);
                return micros < 0 ? Double.NaN : micros / 1e6;
            }, family, "quantile", Double.toString(q));
        }
    }

    private static long count(PolicyPlan plan, ToLongFunction<PolicyPlan.ServiceStatus> f) {
        return plan == null ? 0 : plan.services().stream().mapToLong(f).sum();
    }
}
