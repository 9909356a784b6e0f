package io.ipvsdirector.bench;

import io.ipvsdirector.config.ConfigLoader;
import io.ipvsdirector.config.DirectorConfig;
import io.ipvsdirector.director.Director;
import io.ipvsdirector.director.LatencyRecorder;
import io.ipvsdirector.kernel.ipvs.IpvsClient;
import io.ipvsdirector.net.InetAddresses;
import io.ipvsdirector.net.Protocol;
import io.ipvsdirector.net.ServiceKey;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A backend on this kernel's loopback, checked by TCP every 100 ms (timeout 50 ms, rise 1, fall 1),
 * behind a real IPVS service programmed by a real director. Each trial closes the backend and
 * watches the kernel's table through a netlink socket of its own until the destination is gone,
 * then listens again and waits for it to return. Prints median and p99 of failure-to-removal,
 * and of the director's own verdict-to-ACK latency over every change it applied.
 */
public final class DirectorLoopBench {
    private static final String ADDRESS = "127.0.2.1";
    private static final int PORT = 9000;

    private DirectorLoopBench() {
    }

    public static void main(String[] args) throws Exception {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        // --dry-run: the same loop on the in-memory table, to see the director's own share without a kernel.
        boolean dryRun = args.length > 1 && args[1].equals("--dry-run");
        Path dir = Files.createTempDirectory("loop-bench");
        Path file = dir.resolve("director.yaml");
        Files.writeString(file, "ipvs: {state_file: " + dir.resolve("owned.json") + "}\n"
                + "notify: {events: " + dir.resolve("events.jsonl") + "}\n"
                + "virtual_servers:\n  - name: bench\n    address: 10.20.0.1\n    port: 80\n    scheduler: rr\n"
                + "    check: {type: tcp, interval: 100ms, timeout: 50ms, rise: 1, fall: 1}\n"
                + "    real_servers: [{address: " + ADDRESS + ", port: " + PORT + "}]\n");
        Vertx vertx = Vertx.vertx();
        DirectorConfig config = ConfigLoader.load(vertx, file).await();
        Director director = new Director(vertx, config, dryRun);
        director.start().await();
        ServiceKey key = ServiceKey.of(Protocol.TCP, InetAddresses.parse("10.20.0.1"), 80);
        LatencyRecorder removal = new LatencyRecorder(trials);
        NetServer backend = listen(vertx);
        if (!dryRun) {
            backend = measureRemoval(trials, key, removal, backend, vertx);
        }
        // Phase 2: verdict to ACK with nothing else on the CPU: no watcher, the director's own record.
        LatencyRecorder verdict = director.loop().verdictToKernel();
        if (dryRun) {
            awaitChanges(verdict, 1); // the backend's first UP
        }
        long before = verdict.count();
        for (int i = 0; i < trials; i++) {
            backend.close().await();
            awaitChanges(verdict, before + 2L * i + 1);
            backend = listen(vertx);
            awaitChanges(verdict, before + 2L * i + 2);
        }
        System.out.printf("%nDirector loop%s, %d failures and recoveries of one backend (tcp check every 100 ms,"
                + " timeout 50 ms, fall 1, rise 1)%n", dryRun ? " (--dry-run: in-memory table, no kernel)" : "", trials);
        if (!dryRun) {
            System.out.printf("  backend closed -> destination gone from the kernel: median %.1f ms, p99 %.1f ms%n",
                    removal.percentile(50) / 1000.0, removal.percentile(99) / 1000.0);
        }
        LatencyRecorder roundTrip = director.loop().kernelRoundTrip();
        int n = 2 * trials;
        System.out.printf("  verdict event -> kernel ACK (%d changes, nothing else running): median %.2f ms,"
                + " p99 %.2f ms (target p99 < 5 ms)%n", n, verdict.percentile(50, n) / 1000.0, verdict.percentile(99, n) / 1000.0);
        System.out.printf("    of which the netlink round trip (send to ACK on the kernel thread): median %.2f ms,"
                + " p99 %.2f ms%n", roundTrip.percentile(50, n) / 1000.0, roundTrip.percentile(99, n) / 1000.0);
        director.stop().await();
        vertx.close().await();
    }

    /** Phase 1: failure to removal, watched through a netlink socket of our own every 5 ms. */
    private static NetServer measureRemoval(int trials, ServiceKey key, LatencyRecorder removal, NetServer backend,
            Vertx vertx) throws Exception {
        try (IpvsClient watcher = IpvsClient.open()) {
            waitFor(watcher, key, true);
            for (int i = 0; i < trials; i++) {
                long t0 = System.nanoTime();
                backend.close().await();
                waitFor(watcher, key, false);
                removal.record(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - t0));
                backend = listen(vertx);
                waitFor(watcher, key, true);
            }
        }
        return backend;
    }

    private static NetServer listen(Vertx vertx) {
        return vertx.createNetServer().connectHandler(s -> s.close()).listen(PORT, ADDRESS).await();
    }

    /** Waits until the director has applied {@code n} verdicts in all. */
    private static void awaitChanges(LatencyRecorder verdict, long n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (verdict.count() < n) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no verdict applied within 30 s");
            }
            Thread.sleep(5);
        }
    }

    /** Polls the kernel's table every 5 ms until the service has (or has not) its destination. */
    private static void waitFor(IpvsClient watcher, ServiceKey key, boolean present) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (watcher.call(t -> t.destinations(key)).isEmpty() == present) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the destination did not " + (present ? "appear" : "go") + " within 30 s");
            }
            Thread.sleep(5);
        }
    }
}
