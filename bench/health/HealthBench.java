import io.ipvsdirector.config.ConfigLoader;
import io.ipvsdirector.config.DirectorConfig;
import io.ipvsdirector.health.HealthService;
import io.ipvsdirector.health.ScheduleLateness;
import io.ipvsdirector.health.Verdict;
import io.ipvsdirector.health.VerdictChange;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The director side of the health-check benchmark: the real configuration loader and health
 * service, probing HTTP_COUNT HTTP and TCP_COUNT TCP targets of a LoopbackFarm every second. After
 * a warm-up it measures, over the window, this process's CPU (utime + stime from /proc/self/stat,
 * as a share of one core), its RSS, how late probes start against their schedule, and the probes
 * the farm saw (its counter file), and prints them.
 *
 * Usage: HealthBench HTTP_COUNT TCP_COUNT COUNTER_FILE WARMUP_SECONDS WINDOW_SECONDS
 *
 * With WINDOW_SECONDS 0 it measures nothing itself: it probes until SIGTERM and then prints its
 * verdicts (lab-compare.sh measures it from outside, in rounds, while it is not stopped).
 */
public final class HealthBench {
    private static final long CLOCK_TICKS = 100; // USER_HZ on Linux

    public static void main(String[] args) {
        try {
            run(args);
            System.exit(0);
        } catch (Throwable e) {
            // Vert.x threads would keep a failed benchmark alive (and busy): end the process.
            System.err.println("bench: " + e);
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        int http = Integer.parseInt(args[0]);
        int tcp = Integer.parseInt(args[1]);
        Path counter = Path.of(args[2]);
        int warmup = Integer.parseInt(args[3]);
        int window = Integer.parseInt(args[4]);

        Path yaml = Files.createTempFile("health-bench", ".yaml");
        Files.writeString(yaml, config(http, tcp));
        Vertx vertx = io.ipvsdirector.director.DirectorVertx.create();
        DirectorConfig config = ConfigLoader.load(vertx, yaml).await();
        HealthService health = HealthService.start(vertx).await();
        AtomicLong ups = new AtomicLong();
        AtomicLong downs = new AtomicLong();
        vertx.eventBus().<VerdictChange>consumer(VerdictChange.ADDRESS,
                m -> (m.body().verdict() == Verdict.UP ? ups : downs).incrementAndGet());
        long loadStart = System.nanoTime();
        health.apply(config);
        System.out.printf("director: %d probe targets loaded in %d ms; warming up %d s%n", health.probeCount(),
                (System.nanoTime() - loadStart) / 1_000_000, warmup);
        Thread.sleep(warmup * 1000L);
        if (window == 0) {
            System.out.println("director: warmed up");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.printf(
                    "director verdicts: %d UP of %d; %d UP and %d DOWN events since start, %d late results not counted%n",
                    health.verdicts().values().stream().filter(v -> v.verdict() == Verdict.UP).count(),
                    health.verdicts().size(), ups.get(), downs.get(), health.lateResults())));
            Thread.sleep(Long.MAX_VALUE);
        }

        ScheduleLateness lateness = health.lateness();
        lateness.reset();
        java.util.Map<String, Long> threads0 = threadTicks();
        long cpu0 = cpuTicks();
        long probes0 = farmCount(counter);
        long t0 = System.nanoTime();
        long peakRss = 0;
        for (int s = 0; s < window; s++) {
            Thread.sleep(1000);
            peakRss = Math.max(peakRss, rssKb());
        }
        long cpu1 = cpuTicks();
        java.util.Map<String, Long> threads1 = threadTicks();
        long probes1 = farmCount(counter);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpuSeconds = (cpu1 - cpu0) / (double) CLOCK_TICKS;
        long probes = probes1 - probes0;
        long up = health.verdicts().values().stream().filter(v -> v.verdict() == Verdict.UP).count();

        System.out.printf("targets          %d (%d http, %d tcp), interval 1 s, timeout 500 ms%n", http + tcp, http, tcp);
        System.out.printf("window           %.1f s after %d s warm-up%n", seconds, warmup);
        System.out.printf("probes started   %d (%.0f/s)%n", lateness.count(), lateness.count() / seconds);
        System.out.printf("probes at farm   %d (%.0f/s)%n", probes, probes / seconds);
        System.out.printf("verdicts         %d UP of %d; %d UP and %d DOWN events since start%n", up,
                health.verdicts().size(), ups.get(), downs.get());
        System.out.printf("director CPU     %.1f %% of one core (%.2f s in %.1f s)%n", 100 * cpuSeconds / seconds,
                cpuSeconds, seconds);
        System.out.printf("CPU per probe    %.1f us%n", probes > 0 ? 1e6 * cpuSeconds / probes : Double.NaN);
        System.out.printf("RSS              %d MB now, %d MB peak in window%n", rssKb() / 1024, peakRss / 1024);
        System.out.printf("start lateness   p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms%n", lateness.percentileMillis(0.5),
                lateness.percentileMillis(0.99), lateness.percentileMillis(0.999));
        StringBuilder byThread = new StringBuilder();
        threads1.entrySet().stream()
                .map(e -> java.util.Map.entry(e.getKey(), e.getValue() - threads0.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0).sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(5)
                .forEach(e -> byThread.append(String.format("%s %.1f %%, ", e.getKey(), 100.0 * e.getValue() / CLOCK_TICKS / seconds)));
        System.out.printf("CPU by thread    %s%n", byThread.length() > 2 ? byThread.substring(0, byThread.length() - 2) : "");
        health.stop().await();
        vertx.close().await();
        Files.deleteIfExists(yaml);
    }

    /** 100 real servers per virtual server, as a large site's configuration would group them. */
    static String config(int http, int tcp) {
        StringBuilder y = new StringBuilder("virtual_servers:\n");
        vs(y, "http", 1, 8080, http, "{type: http, path: /, interval: 1s, timeout: 500ms}");
        // BENCH_TCP_OPTIONS adds keys to the tcp check: "fwmark: 1" measures the epoll connector.
        String extra = System.getenv().getOrDefault("BENCH_TCP_OPTIONS", "");
        vs(y, "tcp", 2, 9000, tcp, "{type: tcp, interval: 1s, timeout: 500ms" + (extra.isBlank() ? "" : ", " + extra) + "}");
        return y.toString();
    }

    private static void vs(StringBuilder y, String kind, int net, int port, int count, String check) {
        for (int first = 0; first < count; first += 100) {
            int group = first / 100;
            y.append("  - name: ").append(kind).append(group).append('\n')
                    .append("    address: 127.200.").append(net).append('.').append(group + 1).append('\n')
                    .append("    port: ").append(port).append('\n')
                    .append("    check: ").append(check).append('\n')
                    .append("    real_servers:\n");
            for (int i = first; i < Math.min(count, first + 100); i++) {
                y.append("      - {address: 127.").append(net).append('.').append(i / 250).append('.')
                        .append(i % 250 + 1).append(", port: ").append(port).append("}\n");
            }
        }
    }

    static long cpuTicks() throws Exception {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        List<String> f = List.of(stat.substring(stat.lastIndexOf(')') + 2).split(" "));
        return Long.parseLong(f.get(11)) + Long.parseLong(f.get(12)); // utime, stime (fields 14, 15)
    }

    /** CPU ticks per thread kind ("vert.x-eventloop-thread-", "C2 CompilerThread"), digits dropped. */
    static java.util.Map<String, Long> threadTicks() throws Exception {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9#]+$", "");
                    List<String> f = List.of(stat.substring(stat.lastIndexOf(')') + 2).split(" "));
                    out.merge(name, Long.parseLong(f.get(11)) + Long.parseLong(f.get(12)), Long::sum);
                } catch (java.io.IOException ended) {
                    // the thread ended while being read
                }
            }
        }
        return out;
    }

    static long rssKb() throws Exception {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(0);
    }

    static long farmCount(Path counter) throws Exception {
        String text = Files.exists(counter) ? Files.readString(counter).trim() : "";
        return text.isEmpty() ? 0 : Long.parseLong(text);
    }
}
