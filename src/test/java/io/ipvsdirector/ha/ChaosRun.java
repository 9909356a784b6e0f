package io.ipvsdirector.ha;

import io.ipvsdirector.ha.ChaosSchedule.Kind;
import io.ipvsdirector.ha.ChaosSchedule.Step;
import io.ipvsdirector.ha.OwnershipMonitor.Acquire;
import io.ipvsdirector.testkit.Capture;
import io.ipvsdirector.testkit.Poll;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Runs schedules one after the other on one lab (one topology), keeping the JVMs between them.
 *
 * <p>A schedule starts from the settled lab (d1 the only owner), then for each step waits its gap,
 * injects the fault, holds it, heals it; after the last heal it checks, within
 * {@link #CONVERGENCE_BOUND} of that heal (for a restart: of the moment the restarted JVM logged its
 * first role change, JVM starts being bounded apart by {@link ChaosLab#START_WAIT}):
 * <ol>
 * <li>exactly one owner, and it is the one the election rules name: the highest priority among the
 * live, eligible directors, with preemption (docs/ha.md). Every director is healed and d1 (150,
 * preempt) outranks d2 (100, or 120 during a priority reload), so it is always d1;</li>
 * <li>if d1 took the VIP during the schedule, the client captured a gratuitous ARP from d1's MAC
 * after that, and the client's neighbour entry for the VIP, if it has one, is d1's MAC;</li>
 * <li>every director's {@code GET /status} names d1, and only d1, as ACTIVE.</li>
 * </ol>
 *
 * <p>Counting the moves: each time d1 or d2 adds the VIP to its interface is one move. Every
 * injection and every heal is an event, and a move is charged to the latest event before it. An
 * event may cause at most one move (a fault on the ACTIVE moves the VIP away once; its heal may move
 * it back once, by preemption), except an intruder (its start and its stop) and a replay, which may
 * cause none. A move before the schedule's first event is charged to nothing and is a violation too.
 * Faults do not overlap: before each one the run waits (up to the convergence bound) until d1
 * alone owns the VIP and nobody took it for two beacon timeouts, and only then draws its gap, so
 * that the late effects of one fault are not charged to the next.
 *
 * <p>A replay must change nothing at all: in the two beacon timeouts after it, neither director may
 * log a new state of a peer, a role change or a healed split.
 *
 * <p>Meanwhile {@link OwnershipMonitor} samples the owners every 20 ms. Anything that does not happen
 * in its bounded wait is reported as a violation, so a schedule never hangs.
 */
final class ChaosRun implements AutoCloseable {
    static final Duration CONVERGENCE_BOUND = Duration.ofSeconds(20);
    private static final Duration SETTLE_WAIT = Duration.ofSeconds(60);

    /**
     * An injection or a heal, with the number of moves it may cause. A heal ({@code healOfPrevious})
     * may also make the move its injection did not: a fault held about as long as the beacon timeout
     * (a short kill, a short cut) is healed before the takeover it caused, which then lands after it.
     */
    private record Event(long millis, String what, int allowed, boolean healOfPrevious) {
    }

    private final ChaosLab lab;
    private final LabConditions conditions;
    private final OwnershipMonitor monitor;
    private final Capture arp;
    private final FaultInjector injector;
    private final ChaosReport report;

    private ChaosRun(ChaosLab lab, LabConditions conditions, OwnershipMonitor monitor, Capture arp, FaultInjector injector,
                     ChaosReport report) {
        this.lab = lab;
        this.conditions = conditions;
        this.monitor = monitor;
        this.arp = arp;
        this.injector = injector;
        this.report = report;
    }

    /** Builds the lab, starts its directors and captures beacons for the replays. */
    static ChaosRun open(Path dir, ChaosSchedule.Topology topology, boolean keyed, ChaosReport report) throws Exception {
        ChaosLab lab = new ChaosLab(dir, topology == ChaosSchedule.Topology.WITNESS, keyed);
        try {
            LabConditions conditions = new LabConditions(ChaosLab.BEACON_TIMEOUT.toMillis() + 2 * OwnershipMonitor.SAMPLE_MILLIS);
            OwnershipMonitor monitor = new OwnershipMonitor(HaLab.VIP, lab.witness, conditions);
            for (String h : List.of("d1", "d2", "x")) {
                monitor.watch(h, lab.ns(h));
            }
            monitor.start();
            Capture arp = Capture.start(lab.lab.client, "eth0", "arp");
            lab.startAll();
            BeaconReplay replay = BeaconReplay.capture(lab.ns("d2"), dir.resolve("beacons.pcap"), 12, 10);
            System.out.println(topology.name().toLowerCase() + " lab: " + lab.beaconSummary() + "; " + replay.size()
                    + " beacons captured for replays");
            return new ChaosRun(lab, conditions, monitor, arp, new FaultInjector(lab, conditions, replay), report);
        } catch (Exception | AssertionError e) {
            lab.close();
            throw e;
        }
    }

    /** Runs schedule {@code s}, numbered {@code index} in the run; every violation goes to the report. */
    void run(ChaosSchedule s, int index) {
        Consumer<String> violation = what -> report.violation(s.seed(), index, what);
        monitor.sink(violation);
        report.schedule(s, index);
        long samples = monitor.samples();
        try {
            if (!settle(violation)) {
                return;
            }
            long start = System.currentTimeMillis();
            List<Event> events = new ArrayList<>();
            long lastHeal = start;
            for (int i = 0; i < s.steps().size(); i++) {
                Step step = s.steps().get(i);
                quiet();
                hold(step.gap());
                // An intruder and a replay must move nothing; any other injection or heal may move the VIPs once.
                int allowed = step.kind() == Kind.INTRUDER || step.kind() == Kind.REPLAY ? 0 : 1;
                String name = "fault " + (i + 1) + " (" + step.kind() + " " + step.target() + ")";
                events.add(new Event(System.currentTimeMillis(), name, allowed, false));
                report.fault(step.kind());
                Map<String, Integer> marks = new HashMap<>();
                for (String d : List.of("d1", "d2")) {
                    marks.put(d, lab.process(d).mark());
                }
                injector.inject(step, violation);
                hold(step.kind() == Kind.REPLAY ? ChaosLab.BEACON_TIMEOUT.multipliedBy(2) : step.hold());
                if (step.kind() == Kind.REPLAY) {
                    unmoved(marks, violation);
                } else {
                    events.add(new Event(System.currentTimeMillis(), "the heal of " + name, allowed, true));
                    injector.heal(step, violation);
                }
                lastHeal = System.currentTimeMillis();
            }
            converge(lastHeal, start, violation);
            monitor.flush();
            moves(events, monitor.acquiresSince(start), violation);
        } catch (Exception | AssertionError e) {
            violation.accept("harness: " + e);
            monitor.flush();
        } finally {
            report.samples(monitor.samples() - samples);
        }
    }

    /**
     * Waits (up to the convergence bound, then goes on) until d1 alone owns the VIP, as it must once
     * the previous fault is healed, and nobody took it for two beacon timeouts: the previous fault's
     * effects (a preemption after a split, say) are over, so the next one's moves are its own.
     */
    private void quiet() throws Exception {
        long still = 2 * ChaosLab.BEACON_TIMEOUT.toMillis();
        waitFor(CONVERGENCE_BOUND, () -> monitor.owners().equals(List.of("d1"))
                && System.currentTimeMillis() - monitor.lastAcquire() >= still);
    }

    /** Waits for d1 alone to own the VIP, healing the lab first if it does not. */
    private boolean settle(Consumer<String> violation) throws Exception {
        if (waitFor(SETTLE_WAIT, () -> monitor.owners().equals(List.of("d1")))) {
            return true;
        }
        injector.healAll(violation);
        if (waitFor(SETTLE_WAIT, () -> monitor.owners().equals(List.of("d1")))) {
            return true;
        }
        // Healed and still wrong (a director stuck in its view): start both directors afresh.
        injector.restartAll(violation);
        if (waitFor(SETTLE_WAIT, () -> monitor.owners().equals(List.of("d1")))) {
            return true;
        }
        violation.accept("the lab did not settle with d1 the only owner within " + 3 * SETTLE_WAIT.toSeconds()
                + " s before the schedule, healed and restarted: owners " + monitor.owners() + "; schedule skipped");
        return false;
    }

    private void converge(long lastHeal, long start, Consumer<String> violation) throws Exception {
        Duration left = Duration.ofMillis(Math.max(0, lastHeal + CONVERGENCE_BOUND.toMillis() - System.currentTimeMillis()));
        if (!waitFor(left, () -> monitor.owners().equals(List.of("d1")))) {
            violation.accept("after the last heal, exactly one owner, d1: owners " + monitor.owners() + " "
                    + CONVERGENCE_BOUND.toSeconds() + " s after it");
            return;
        }
        report.converged(System.currentTimeMillis() - lastHeal);
        String mac = lab.lab.mac("d1");
        Optional<Acquire> taken = monitor.acquiresSince(start).stream().filter(a -> a.host().equals("d1"))
                .reduce((a, b) -> b);
        String garp = "who-has " + HaLab.VIP + " tell " + HaLab.VIP;
        if (taken.isPresent() && !waitFor(remaining(lastHeal), () -> arp.lines().stream().anyMatch(l -> l.contains(mac)
                && l.contains(garp) && Capture.time(l) * 1000 >= taken.get().millis() - 100))) {
            violation.accept("the new owner's gratuitous ARP seen by the client: none from d1 (" + mac + ") since it took the VIP at "
                    + OwnershipMonitor.clock(taken.get().millis()));
        }
        if (!waitFor(remaining(lastHeal), () -> lab.clientSees().map(mac::equals).orElse(true))) {
            violation.accept("the client follows the owner: its neighbour entry for the VIP is " + lab.clientSees().orElse("none")
                    + ", d1 is " + mac);
        }
        if (!waitFor(remaining(lastHeal), () -> lab.statusActive("d1").equals("d1") && lab.statusActive("d2").equals("d1"))) {
            violation.accept("every director's status names the same ACTIVE: d1's names [" + lab.statusActive("d1")
                    + "], d2's names [" + lab.statusActive("d2") + "]");
        }
    }

    private static Duration remaining(long lastHeal) {
        return Duration.ofMillis(Math.max(500, lastHeal + CONVERGENCE_BOUND.toMillis() - System.currentTimeMillis()));
    }

    private static void moves(List<Event> events, List<Acquire> acquires, Consumer<String> violation) {
        int[] counts = new int[events.size()];
        List<List<String>> seen = new ArrayList<>();
        events.forEach(e -> seen.add(new ArrayList<>()));
        for (Acquire a : acquires) {
            int at = -1;
            for (int i = 0; i < events.size() && events.get(i).millis() <= a.millis(); i++) {
                at = i;
            }
            String what = a.host() + " at " + OwnershipMonitor.clock(a.millis());
            if (at < 0) {
                violation.accept("each fault moves the VIPs at most once: a move before any fault: " + what);
                continue;
            }
            counts[at]++;
            seen.get(at).add(what);
        }
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            int allowed = e.allowed() + (e.healOfPrevious() ? Math.max(0, events.get(i - 1).allowed() - counts[i - 1]) : 0);
            if (counts[i] > allowed) {
                violation.accept("each fault moves the VIPs at most once: " + e.what() + " moved them " + counts[i]
                        + " times (allowed " + allowed + "): " + seen.get(i));
            }
        }
    }

    /** A director's view that a beacon changed: a peer's state, this director's role, a healed split. */
    private static final Pattern VIEW_CHANGE = Pattern.compile(
            "peer \\S+ is (STARTING|STANDBY|ACTIVE|FAULT|STOPPING) |role \\S+ -> |was ACTIVE too");

    /** A replay must change nothing: no director logs a new view of a peer, a role change or a healed split. */
    private void unmoved(Map<String, Integer> marks, Consumer<String> violation) {
        marks.forEach((d, mark) -> {
            List<String> lines = lab.process(d).lines();
            List<String> changed = lines.subList(Math.min(mark, lines.size()), lines.size()).stream()
                    .filter(l -> VIEW_CHANGE.matcher(l).find()).toList();
            if (!changed.isEmpty()) {
                violation.accept("a replayed beacon changes nothing: " + d + " acted on it " + changed.size()
                        + " time(s), first: " + changed.get(0));
            }
        });
    }

    /** Holds a fault (or a gap) for exactly its drawn duration: the schedule's own time, not a guess. */
    private static void hold(Duration d) throws Exception {
        long until = System.nanoTime() + d.toNanos();
        Poll.until("the hold of " + d.toMillis() + " ms", d.plusSeconds(5), () -> System.nanoTime() >= until);
    }

    private static boolean waitFor(Duration d, Callable<Boolean> condition) throws Exception {
        try {
            Poll.until("chaos", d, condition);
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            injector.stopIntruder(v -> { });
        } catch (Exception e) {
            System.err.println("stopping the intruder: " + e.getMessage());
        }
        monitor.close();
        arp.close();
        lab.close();
    }
}
