package io.ipvsdirector.metrics;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.MetricSet;
import com.codahale.metrics.Timer;
import com.codahale.metrics.jmx.JmxReporter;
import com.codahale.metrics.jvm.BufferPoolMetricSet;
import com.codahale.metrics.jvm.ClassLoadingGaugeSet;
import com.codahale.metrics.jvm.GarbageCollectorMetricSet;
import com.codahale.metrics.jvm.JvmAttributeGaugeSet;
import com.codahale.metrics.jvm.MemoryUsageGaugeSet;
import com.codahale.metrics.jvm.ThreadStatesGaugeSet;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The director's one metric registry: what /metrics serves and JMX shows (domain
 * {@code io.ipvsdirector}). The names and their meaning are listed in docs/admin.md; {@link #HELP}
 * holds the same one-line descriptions for the Prometheus page.
 */
public final class DirectorMetrics implements AutoCloseable {
    public static final String P = "ipvs_director_";
    public static final String JMX_DOMAIN = "io.ipvsdirector";

    /** One line of help per family, shown as "# HELP" on /metrics. */
    public static final Map<String, String> HELP = new TreeMap<>(Map.ofEntries(
            Map.entry(P + "role", "1 for this director's current role, 0 for the others"),
            Map.entry(P + "epoch", "fencing epoch of this director's current or last ACTIVE term"),
            Map.entry(P + "priority", "this director's configured priority"),
            Map.entry(P + "role_changes_total", "changes of this director's role"),
            Map.entry(P + "cluster_messages_rejected_total", "cluster messages dropped, by reason (signature, replay, address...)"),
            Map.entry(P + "cluster_intruders", "nodes heard speaking for this cluster from addresses not in cluster.members"),
            Map.entry(P + "elections_total", "times the cluster's ACTIVE changed, as this director saw it"),
            Map.entry(P + "failovers_total", "hand-overs requested by the operator and accepted"),
            Map.entry(P + "vips_held", "VIPs this director holds now"),
            Map.entry(P + "vip_announcements_total", "gratuitous ARPs and unsolicited NAs sent"),
            Map.entry(P + "vip_announcement_failures_total", "announcements the kernel refused"),
            Map.entry(P + "check_latency_seconds", "probe latency by check type"),
            Map.entry(P + "check_results_total", "probe results by check type, target and result"),
            Map.entry(P + "check_late_results_total", "failures not counted because they came too late"),
            Map.entry(P + "probes", "distinct probes running"),
            Map.entry(P + "verdict_changes_total", "verdict changes of probes, by the new verdict"),
            Map.entry(P + "real_servers", "real servers by state (up, down, draining, out)"),
            Map.entry(P + "virtual_servers", "virtual servers by quorum (held, lost)"),
            Map.entry(P + "reconcile_operations_total", "IPVS operations applied (dry run: planned)"),
            Map.entry(P + "reconcile_refused_total", "IPVS operations the kernel refused"),
            Map.entry(P + "reconcile_errors_total", "failures to read or program the IPVS table (retried)"),
            Map.entry(P + "netlink_batch_seconds", "kernel time per IPVS batch, latest 4096 batches"),
            Map.entry(P + "netlink_batches_total", "IPVS batches sent on a verdict"),
            Map.entry(P + "verdict_to_kernel_seconds", "from a verdict to the kernel's acknowledgement, latest 4096"),
            Map.entry(P + "config_reloads_total", "configuration reloads by result (applied, failed)"),
            Map.entry(P + "drains_total", "drain and undrain requests by the operator")));

    private final MetricRegistry registry = new MetricRegistry();
    private JmxReporter jmx;

    public DirectorMetrics() {
        register("jvm", new JvmAttributeGaugeSet());
        register("jvm_memory", new MemoryUsageGaugeSet());
        register("jvm_gc", new GarbageCollectorMetricSet());
        register("jvm_threads", new ThreadStatesGaugeSet());
        register("jvm_classes", new ClassLoadingGaugeSet());
        register("jvm_buffers", new BufferPoolMetricSet(ManagementFactory.getPlatformMBeanServer()));
    }

    private void register(String prefix, MetricSet set) {
        set.getMetrics().forEach((name, metric) -> registry.register(MetricRegistry.name(prefix, name), metric));
    }

    public MetricRegistry registry() {
        return registry;
    }

    /** The registry in Prometheus text. */
    public String prometheus() {
        return PrometheusText.encode(registry, HELP);
    }

    /** Shows the registry over JMX; harmless to call twice. */
    public synchronized void startJmx() {
        if (jmx == null) {
            jmx = JmxReporter.forRegistry(registry).inDomain(JMX_DOMAIN)
                    .convertDurationsTo(TimeUnit.MILLISECONDS).convertRatesTo(TimeUnit.SECONDS).build();
            jmx.start();
        }
    }

    public Counter counter(String family, String... labels) {
        return registry.counter(Labels.name(P + family, labels));
    }

    public Timer timer(String family, String... labels) {
        return registry.timer(Labels.name(P + family, labels));
    }

    /** A gauge read when scraped; replaces one of the same name (a reload re-registers). */
    public void gauge(Supplier<? extends Number> value, String family, String... labels) {
        String name = Labels.name(P + family, labels);
        registry.remove(name);
        registry.register(name, (Gauge<Number>) value::get);
    }

    /** Removes every metric of {@code family} whose name satisfies {@code stale}, for targets gone after a reload. */
    public void removeIf(String family, java.util.function.Predicate<String> stale) {
        registry.removeMatching((name, metric) -> name.startsWith(P + family + "{") && stale.test(name));
    }

    public void time(String family, Duration d, String... labels) {
        timer(family, labels).update(d.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public synchronized void close() {
        if (jmx != null) {
            jmx.stop();
            jmx = null;
        }
    }
}
