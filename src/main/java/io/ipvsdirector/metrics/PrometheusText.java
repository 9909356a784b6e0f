package io.ipvsdirector.metrics;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Counting;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A registry in the Prometheus text exposition format (version 0.0.4). Names are cleaned to
 * {@code [a-zA-Z0-9_:]}; labels come from the name (see {@link Labels}). A family whose name ends in
 * {@code _total} is a counter, timers and histograms are summaries (timers in seconds, with
 * quantiles and a count), everything else is a gauge. Gauges that are not numbers or booleans, or
 * that fail, are left out rather than failing the whole page.
 */
public final class PrometheusText {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final double[] QUANTILES = {0.5, 0.75, 0.95, 0.99, 0.999};

    private PrometheusText() {
    }

    /** One exposed metric: its family name, its labels ("" or {@code a="b",c="d"}) and the metric. */
    private record Sample(String labels, Metric metric) {
    }

    public static String encode(MetricRegistry registry, Map<String, String> help) {
        Map<String, List<Sample>> families = new TreeMap<>();
        registry.getMetrics().forEach((name, metric) -> {
            int brace = name.indexOf('{');
            String base = clean(brace < 0 ? name : name.substring(0, brace));
            String labels = brace < 0 ? "" : name.substring(brace + 1, name.length() - 1);
            if (metric instanceof Meter && !base.endsWith("_total")) {
                base += "_total";
            }
            families.computeIfAbsent(base, b -> new ArrayList<>()).add(new Sample(labels, metric));
        });
        StringBuilder out = new StringBuilder();
        families.forEach((family, samples) -> {
            Map<String, String> lines = new LinkedHashMap<>();
            String type = type(family, samples.get(0).metric());
            for (Sample s : samples) {
                write(lines, family, s);
            }
            if (lines.isEmpty()) {
                return;
            }
            if (help.containsKey(family)) {
                out.append("# HELP ").append(family).append(' ').append(help.get(family).replace("\\", "\\\\")
                        .replace("\n", "\\n")).append('\n');
            }
            out.append("# TYPE ").append(family).append(' ').append(type).append('\n');
            lines.forEach((series, value) -> out.append(series).append(' ').append(value).append('\n'));
        });
        return out.toString();
    }

    private static String type(String family, Metric first) {
        if (first instanceof Timer || first instanceof Histogram) {
            return "summary";
        }
        return family.endsWith("_total") ? "counter" : "gauge";
    }

    private static void write(Map<String, String> lines, String family, Sample s) {
        Metric m = s.metric();
        if (m instanceof Timer t) {
            summary(lines, family, s.labels(), t.getSnapshot(), 1e9, t.getCount());
        } else if (m instanceof Histogram h) {
            summary(lines, family, s.labels(), h.getSnapshot(), 1, h.getCount());
        } else if (m instanceof Counter c) {
            lines.put(series(family, s.labels(), ""), Long.toString(c.getCount()));
        } else if (m instanceof Counting c) {
            lines.put(series(family, s.labels(), ""), Long.toString(c.getCount()));
        } else if (m instanceof Gauge<?> g) {
            Object value;
            try {
                value = g.getValue();
            } catch (RuntimeException e) {
                return;
            }
            if (value instanceof Number n) {
                lines.put(series(family, s.labels(), ""), number(n.doubleValue()));
            } else if (value instanceof Boolean b) {
                lines.put(series(family, s.labels(), ""), b ? "1" : "0");
            }
        }
    }

    /** {@code divisor} turns the snapshot's unit into the family's (nanoseconds into seconds: 1e9). */
    private static void summary(Map<String, String> lines, String family, String labels, Snapshot snap, double divisor,
                                long count) {
        for (double q : QUANTILES) {
            String ql = "quantile=\"" + q + "\"";
            lines.put(series(family, labels.isEmpty() ? ql : labels + "," + ql, ""), number(snap.getValue(q) / divisor));
        }
        lines.put(series(family + "_count", labels, ""), Long.toString(count));
    }

    private static String series(String family, String labels, String suffix) {
        return family + suffix + (labels.isEmpty() ? "" : "{" + labels + "}");
    }

    /** Integers without a fraction, others as Java prints them; NaN and infinities as the format spells them. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    /** A metric name as Prometheus allows it: other characters become underscores; no leading digit. */
    static String clean(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (char c : name.toCharArray()) {
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == ':';
            out.append(ok ? c : '_');
        }
        if (out.length() == 0 || Character.isDigit(out.charAt(0))) {
            out.insert(0, '_');
        }
        return out.toString();
    }
}
