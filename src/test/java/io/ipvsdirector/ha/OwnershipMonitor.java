package io.ipvsdirector.ha;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Who holds the VIP, from the namespaces themselves: one long-lived {@code ip -n NS monitor address}
 * per host keeps a live picture (each add and delete of the VIP as it happens), and a sampler looks
 * at that picture every 20 ms against what the fault injector has done ({@link LabConditions}):
 * <ul>
 * <li>with a witness, never two counted owners;</li>
 * <li>without one, two owners only while d1 and d2 cannot hear each other and for one beacon
 * timeout (plus two samples) after they can again;</li>
 * <li>the intruder never holds the VIP while it runs.</li>
 * </ul>
 * A dead or frozen director is not counted (a crashed or hung host answers for nothing; ours keep
 * their kernel answering, an artefact of the lab); a resumed one counts one beacon timeout after
 * SIGCONT, a restarted one once it logged its first role change (its start-up removed the leftover).
 * Each breach is one violation line with its start and length, sent to the current sink.
 */
final class OwnershipMonitor implements AutoCloseable {
    static final long SAMPLE_MILLIS = 20;

    /** The VIP was added on {@code host}'s interface at {@code millis}. */
    record Acquire(long millis, String host) {
    }

    private final String vip;
    private final boolean witness;
    private final LabConditions conditions;
    private final Map<String, Boolean> holds = new ConcurrentHashMap<>();
    private final List<Acquire> acquires = new CopyOnWriteArrayList<>();
    private final List<Process> monitors = new ArrayList<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "chaos-sampler");
        t.setDaemon(true);
        return t;
    });
    private volatile Consumer<String> sink = v -> { };
    private long twoOwnersSince = -1;
    private String twoOwners = "";
    private long intruderSince = -1;
    private volatile long samples;
    /** Prefixes its violations ("group gb: "), empty with one VIP. */
    private final String label;

    OwnershipMonitor(String vip, boolean witness, LabConditions conditions) {
        this(vip, witness, conditions, "");
    }

    OwnershipMonitor(String vip, boolean witness, LabConditions conditions, String label) {
        this.label = label;
        this.vip = vip;
        this.witness = witness;
        this.conditions = conditions;
    }

    /** Starts watching {@code host} (d1, d2 or x, the intruder) in namespace {@code ns}. */
    void watch(String host, String ns) throws IOException {
        Process p = new ProcessBuilder("ip", "-n", ns, "monitor", "address").redirectErrorStream(true).start();
        monitors.add(p);
        String needle = " " + vip + "/32 ";
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.contains(needle)) {
                        boolean added = !line.startsWith("Deleted");
                        holds.put(host, added);
                        if (added) {
                            acquires.add(new Acquire(System.currentTimeMillis(), host));
                        }
                    }
                }
            } catch (IOException e) {
                // the monitor was stopped
            }
        }, "chaos-monitor-" + host);
        reader.setDaemon(true);
        reader.start();
        // The state before the first event: the monitor runs already, so nothing is missed in between.
        String now = io.ipvsdirector.testkit.Netns.run("ip", "-n", ns, "-o", "addr", "show", "dev", "eth0");
        holds.putIfAbsent(host, now.contains(needle));
    }

    void start() {
        sampler.scheduleAtFixedRate(this::sample, SAMPLE_MILLIS, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Where violations go from now on (the current schedule's report). */
    void sink(Consumer<String> sink) {
        this.sink = sink;
    }

    boolean holds(String host) {
        return holds.getOrDefault(host, false);
    }

    /** The counted owners among d1 and d2 now. */
    List<String> owners() {
        long now = System.currentTimeMillis();
        List<String> out = new ArrayList<>();
        for (String d : List.of("d1", "d2")) {
            if (holds(d) && conditions.counted(d, now)) {
                out.add(d);
            }
        }
        return out;
    }

    /** Every time d1 or d2 added the VIP, from {@code since} on. */
    List<Acquire> acquiresSince(long since) {
        return acquires.stream().filter(a -> a.millis() >= since && !a.host().equals("x")).toList();
    }

    /** When d1 or d2 last added the VIP (0 if never). */
    long lastAcquire() {
        return acquires.stream().filter(a -> !a.host().equals("x")).mapToLong(Acquire::millis).max().orElse(0);
    }

    long samples() {
        return samples;
    }

    private synchronized void sample() {
        try {
            samples++;
            long now = System.currentTimeMillis();
            List<String> owners = owners();
            boolean breach = owners.size() > 1 && (witness || !conditions.splitAllows(now));
            if (breach && twoOwnersSince < 0) {
                twoOwnersSince = now;
                twoOwners = String.join(" and ", owners);
            } else if (!breach && twoOwnersSince >= 0) {
                report((witness ? "never two owners with a witness" : "two owners only while split")
                        + ": " + twoOwners + " both held the VIP", twoOwnersSince, now);
                twoOwnersSince = -1;
            }
            boolean intruder = conditions.intruderUp() && holds("x");
            if (intruder && intruderSince < 0) {
                intruderSince = now;
            } else if (!intruder && intruderSince >= 0) {
                report("the intruder never owns a VIP: it held " + vip, intruderSince, now);
                intruderSince = -1;
            }
        } catch (RuntimeException e) {
            sink.accept("monitor: " + e);
        }
    }

    private void report(String what, long since, long until) {
        sink.accept(label + what + " for " + (until - since) + " ms from " + clock(since));
    }

    /** Closes any breach still open (at the end of a schedule), so it is reported with that schedule. */
    synchronized void flush() {
        long now = System.currentTimeMillis();
        if (twoOwnersSince >= 0) {
            report("two owners: " + twoOwners + " still both hold the VIP", twoOwnersSince, now);
            twoOwnersSince = now;
        }
        if (intruderSince >= 0) {
            report("the intruder never owns a VIP: it still holds " + vip, intruderSince, now);
            intruderSince = now;
        }
    }

    static String clock(long millis) {
        return LocalTime.ofInstant(Instant.ofEpochMilli(millis), ZoneId.systemDefault()).toString();
    }

    @Override
    public void close() {
        sampler.shutdownNow();
        monitors.forEach(Process::destroy);
    }
}
