package io.ipvsdirector.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {
    @Test
    void countersGaugesAndLabelsInTheTextFormat() {
        MetricRegistry r = new MetricRegistry();
        r.counter(Labels.name("x_results_total", "type", "http", "result", "up")).inc(3);
        r.counter(Labels.name("x_results_total", "type", "http", "result", "down")).inc();
        r.register("x_role", (Gauge<Integer>) () -> 1);
        r.register("x_held", (Gauge<Boolean>) () -> true);
        r.register("x_name", (Gauge<String>) () -> "not a number");
        r.register("x_broken", (Gauge<Integer>) () -> {
            throw new IllegalStateException("gone");
        });
        r.register("jvm.memory.heap-used", (Gauge<Long>) () -> 1024L);
        assertEquals("""
                # TYPE jvm_memory_heap_used gauge
                jvm_memory_heap_used 1024
                # TYPE x_held gauge
                x_held 1
                # HELP x_results_total probe results
                # TYPE x_results_total counter
                x_results_total{type="http",result="down"} 1
                x_results_total{type="http",result="up"} 3
                # TYPE x_role gauge
                x_role 1
                """, PrometheusText.encode(r, Map.of("x_results_total", "probe results")));
    }

    @Test
    void timersAreSummariesInSeconds() {
        MetricRegistry r = new MetricRegistry();
        r.timer(Labels.name("x_latency_seconds", "type", "tcp")).update(250, TimeUnit.MILLISECONDS);
        String text = PrometheusText.encode(r, Map.of());
        assertTrue(text.startsWith("# TYPE x_latency_seconds summary\n"), text);
        assertTrue(text.contains("x_latency_seconds{type=\"tcp\",quantile=\"0.5\"} 0.25\n"), text);
        assertTrue(text.contains("x_latency_seconds{type=\"tcp\",quantile=\"0.99\"} 0.25\n"), text);
        assertTrue(text.contains("x_latency_seconds_count{type=\"tcp\"} 1\n"), text);
    }

    @Test
    void labelValuesAreEscapedAndNamesChecked() {
        assertEquals("m{a=\"x\\\"y\\\\z\\nw\"}", Labels.name("m", "a", "x\"y\\z\nw"));
        assertThrows(IllegalArgumentException.class, () -> Labels.name("m", "bad-label", "v"));
        assertThrows(IllegalArgumentException.class, () -> Labels.name("m", "odd"));
    }

    @Test
    void numbersAndNames() {
        assertEquals("NaN", PrometheusText.number(Double.NaN));
        assertEquals("+Inf", PrometheusText.number(Double.POSITIVE_INFINITY));
        assertEquals("3", PrometheusText.number(3.0));
        assertEquals("0.125", PrometheusText.number(0.125));
        assertEquals("_9lives", PrometheusText.clean("9lives"));
        assertEquals("jvm_gc_G1_Young_Generation_count", PrometheusText.clean("jvm_gc.G1-Young-Generation.count"));
    }

    @Test
    void theDirectorsRegistryEncodesWithJvmMetricsAndEveryLineIsWellFormed() {
        DirectorMetrics m = new DirectorMetrics();
        m.counter("reconcile_operations_total").inc();
        m.gauge(() -> 2, "vips_held");
        String text = m.prometheus();
        assertTrue(text.contains("# TYPE ipvs_director_reconcile_operations_total counter\nipvs_director_reconcile_operations_total 1\n"), text);
        assertTrue(text.contains("\nipvs_director_vips_held 2\n"), text);
        assertTrue(text.contains("\njvm_memory_heap_used "), text);
        assertTrue(text.contains("\njvm_threads_count "), text);
        Set<String> typed = new java.util.HashSet<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                assertTrue(typed.add(line.split(" ")[2]), "one TYPE line per family: " + line);
            } else if (!line.startsWith("# HELP ")) {
                assertTrue(line.matches("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{[^}]*\\})? (-?[0-9.eE+-]+|NaN|[+-]Inf)"), "well formed: " + line);
            }
        }
    }
}
