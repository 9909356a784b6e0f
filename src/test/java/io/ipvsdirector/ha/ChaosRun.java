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
     * An injection or a heal of {@code step}. It may move a group's VIP once (a fault on the owner
     * moves it away, its heal back by preemption), none for an intruder or a replay, and with several
     * groups none for a group whose owner the fault did not touch. A heal ({@code healOfPrevious})
     * may also make the move its injection did not: a fault held about as long as the beacon timeout
     * (a short kill, a short cut) is healed before the takeover it caused, which then lands after it.
     */
    private record Event(long millis, String what, Step step, boolean healOfPrevious) {
        int allowed(ChaosLab.Group group, boolean grouped) {
            if (step.kind() == Kind.INTRUDER || step.kind() == Kind.REPLAY) {
                return 0;
            }
            return !grouped || step.target().equals(group.owner()) ? 1 : 0;
        }
    }

    /** One group's VIP as the monitor sees it, and the director that must own it once all is healed. */
    private record Watch(ChaosLab.Group group, OwnershipMonitor monitor) {
        boolean settled() {
            return monitor.owners().equals(List.of(group.owner()));
        }
    }

    private final ChaosLab lab;
    private final LabConditions conditions;
    private final List<Watch> watches;
    /** The first group's monitor: its sample count stands for all. */
    private final OwnershipMonitor monitor;
    private final Capture arp;
    private final FaultInjector injector;
    private final ChaosReport report;

    private ChaosRun(ChaosLab lab, LabConditions conditions, List<Watch> watches, Capture arp, FaultInjector injector,
                     ChaosReport report) {
        this.lab = lab;
        this.conditions = conditions;
        this.watches = List.copyOf(watches);
        this.monitor = watches.get(0).monitor();
        this.arp = arp;
        this.injector = injector;
        this.report = report;
    }

    /** Builds the lab, starts its directors and captures beacons for the replays. */
    static ChaosRun open(Path dir, ChaosSchedule.Topology topology, boolean keyed, ChaosReport report) throws Exception {
        ChaosLab lab = new ChaosLab(dir, topology != ChaosSchedule.Topology.PAIR, keyed,
                topology == ChaosSchedule.Topology.GROUPS);
        try {
            LabConditions conditions = new LabConditions(ChaosLab.BEACON_TIMEOUT.toMillis() + 2 * OwnershipMonitor.SAMPLE_MILLIS);
            List<Watch> watches = new ArrayList<>();
            for (ChaosLab.Group g : lab.groups) {
                OwnershipMonitor monitor = new OwnershipMonitor(g.vip(), lab.witness, conditions,
                        lab.grouped() ? "group " + g.name() + ": " : "");
                for (String h : List.of("d1", "d2", "x")) {
                    monitor.watch(h, lab.ns(h));
                }
                monitor.start();
                watches.add(new Watch(g, monitor));
            }
            Capture arp = Capture.start(lab.lab.client, "eth0", "arp");
            lab.startAll();
            BeaconReplay replay = BeaconReplay.capture(lab.ns("d2"), dir.resolve("beacons.pcap"), 12, 10);
            System.out.println(topology.name().toLowerCase() + " lab: " + lab.beaconSummary() + "; " + replay.size()
                    + " beacons captured for replays");
            return new ChaosRun(lab, conditions, watches, arp, new FaultInjector(lab, conditions, replay), report);
        } catch (Exception | AssertionError e) {
            lab.close();
            throw e;
        }
    }

    /** Runs schedule {@code s}, numbered {@code index} in the run; every violation goes to the report. */
    void run(ChaosSchedule s, int index) {
        // Held until the schedule ends: a violation during a stall of a director's JVM is reported apart.
        List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        Consumer<String> violation = seen::add;
        watches.forEach(w -> w.monitor().sink(violation));
        report.schedule(s, index);
        long samples = monitor.samples();
        StallWatch stalls = new StallWatch(lab, s);
        try {
            if (!settle(violation)) {
                return;
            }
            long start = System.currentTimeMillis();
            List<Event> events = new ArrayList<>();
            long lastHeal = start;
            for (int i = 0; i < s.steps().size(); i++) {
                Step step = s.steps().get(i);
                quiet(lastHeal);
                hold(step.gap());
                String name = "fault " + (i + 1) + " (" + step.kind() + " " + step.target() + ")";
                events.add(new Event(System.currentTimeMillis(), name, step, false));
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
                    events.add(new Event(System.currentTimeMillis(), "the heal of " + name, step, true));
                    injector.heal(step, violation);
                }
                lastHeal = System.currentTimeMillis();
            }
            converge(lastHeal, start, violation);
            for (Watch w : watches) {
                w.monitor().flush();
                moves(events, w, lab.grouped(), w.monitor().acquiresSince(start), violation);
            }
        } catch (Exception | AssertionError e) {
            violation.accept("harness: " + e);
            watches.forEach(w -> w.monitor().flush());
        } finally {
            report.samples(monitor.samples() - samples);
            Optional<String> stall = stalls.longest();
            for (String what : List.copyOf(seen)) {
                if (stall.isPresent()) {
                    report.starved(s.seed(), index, what, stall.get());
                } else {
                    report.violation(s.seed(), index, what);
                }
            }
        }
    }

    /**
     * Waits (up to the convergence bound, then goes on) until d1 alone owns the VIP, as it must once
     * the previous fault is healed, and nobody took it for two beacon timeouts: the previous fault's
     * effects (a preemption after a split, say) are over, so the next one's moves are its own.
     */
    private void quiet(long lastHeal) throws Exception {
        long still = 2 * ChaosLab.BEACON_TIMEOUT.toMillis();
        // Also since the last heal: one that moved no VIP (a minority's link back up) still has its
        // director hear the cluster afresh and re-synchronise for about a second, and a replay
        // started then would be charged with what that director logs.
        waitFor(CONVERGENCE_BOUND, () -> settled() && System.currentTimeMillis() - lastAcquire() >= still
                && System.currentTimeMillis() - lastHeal >= still);
    }

    /** Waits for d1 alone to own the VIP, healing the lab first if it does not. */
    private boolean settle(Consumer<String> violation) throws Exception {
        if (waitFor(SETTLE_WAIT, this::settled)) {
            return true;
        }
        injector.healAll(violation);
        if (waitFor(SETTLE_WAIT, this::settled)) {
            return true;
        }
        // Healed and still wrong (a director stuck in its view): start both directors afresh.
        injector.restartAll(violation);
        if (waitFor(SETTLE_WAIT, this::settled)) {
            return true;
        }
        violation.accept("the lab did not settle with d1 the only owner within " + 3 * SETTLE_WAIT.toSeconds()
                + " s before the schedule, healed and restarted: owners " + owners() + "; schedule skipped");
        return false;
    }

    /** Every group owned by its rules' winner alone. */
    private boolean settled() {
        return watches.stream().allMatch(Watch::settled);
    }

    private long lastAcquire() {
        return watches.stream().mapToLong(w -> w.monitor().lastAcquire()).max().orElse(0);
    }

    private String owners() {
        return watches.size() == 1 ? watches.get(0).monitor().owners().toString() : watches.stream()
                .map(w -> w.group().name() + "=" + w.monitor().owners()).toList().toString();
    }

    private void converge(long lastHeal, long start, Consumer<String> violation) throws Exception {
        Duration left = Duration.ofMillis(Math.max(0, lastHeal + CONVERGENCE_BOUND.toMillis() - System.currentTimeMillis()));
        if (!waitFor(left, this::settled)) {
            violation.accept("after the last heal, exactly one owner, the rules' winner ("
                    + watches.stream().map(w -> w.group().owner()).toList() + "): owners " + owners() + " "
                    + CONVERGENCE_BOUND.toSeconds() + " s after it");
            return;
        }
        report.converged(System.currentTimeMillis() - lastHeal);
        for (Watch w : watches) {
            String owner = w.group().owner();
            String vip = w.group().vip();
            String mac = lab.lab.mac(owner);
            Optional<Acquire> taken = w.monitor().acquiresSince(start).stream().filter(a -> a.host().equals(owner))
                    .reduce((a, b) -> b);
            String garp = "who-has " + vip + " tell " + vip;
            if (taken.isPresent() && !waitFor(remaining(lastHeal), () -> arp.lines().stream().anyMatch(l -> l.contains(mac)
                    && l.contains(garp) && Capture.time(l) * 1000 >= taken.get().millis() - 100))) {
                violation.accept("the new owner's gratuitous ARP seen by the client: none for " + vip + " from " + owner
                        + " (" + mac + ") since it took it at " + OwnershipMonitor.clock(taken.get().millis()));
            }
            if (!waitFor(remaining(lastHeal), () -> lab.clientSees(vip).map(mac::equals).orElse(true))) {
                violation.accept("the client follows the owner: its neighbour entry for " + vip + " is "
                        + lab.clientSees(vip).orElse("none") + ", " + owner + " is " + mac);
            }
        }
        String expected = lab.expectedStatus();
        if (!waitFor(remaining(lastHeal), () -> lab.statusActive("d1").equals(expected)
                && lab.statusActive("d2").equals(expected))) {
            violation.accept("every director's status names the same ACTIVE (" + expected + "): d1's names ["
                    + lab.statusActive("d1") + "], d2's names [" + lab.statusActive("d2") + "]");
        }
    }

    private static Duration remaining(long lastHeal) {
        return Duration.ofMillis(Math.max(500, lastHeal + CONVERGENCE_BOUND.toMillis() - System.currentTimeMillis()));
    }

    private static void moves(List<Event> events, Watch w, boolean grouped, List<Acquire> acquires,
                              Consumer<String> violation) {
        String group = grouped ? "group " + w.group().name() + ": " : "";
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
                violation.accept(group + "each fault moves the VIPs at most once: a move before any fault: " + what);
                continue;
            }
            counts[at]++;
            seen.get(at).add(what);
        }
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            int allowed = e.allowed(w.group(), grouped) + (e.healOfPrevious()
                    ? Math.max(0, events.get(i - 1).allowed(w.group(), grouped) - counts[i - 1]) : 0);
            if (counts[i] > allowed) {
                violation.accept(group + (allowed == 0 && grouped && e.allowed(w.group(), false) > 0
                        ? "a fault moves no group it does not concern: " : "each fault moves the VIPs at most once: ")
                        + e.what() + " moved them " + counts[i] + " times (allowed " + allowed + "): " + seen.get(i));
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
        watches.forEach(w -> w.monitor().close());
        arp.close();
        lab.close();
    }
}
