package io.ipvsdirector.ha;

import io.ipvsdirector.testkit.Capture;
import io.ipvsdirector.testkit.ChildProcess;
import io.ipvsdirector.testkit.Kill;
import io.ipvsdirector.testkit.Poll;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One failover trial of {@link FailoverBench} on a pair of one kind: from a settled pair, a fault of
 * the owner, the time to the other's first gratuitous ARP at the client, the heal, and the VIP's
 * moves seen at the client until the pair has settled again (plus {@link #AFTERMATH}).
 *
 * <p>Trials are independent: each starts from a settled pair (one owner, the other a ready standby
 * both agree on, the client caching the owner's MAC), never from what the previous trial left. The
 * owner is always the victim, so a crash moves the next trial's victim to the other side. A trial
 * that fails is recorded with its reason and the lab is restored (SIGCONT, links up, processes
 * restarted) for the next.
 */
final class FailoverTrial {
    enum Fault { SIGKILL, SIGTERM, SIGSTOP, LINK_DOWN }

    /** How long a SIGSTOP or a cut link lasts, and how long a killed process stays dead. */
    static final Duration HOLD = Duration.ofSeconds(2);
    /** Watching for a flap once the pair has settled again after the heal. */
    static final Duration AFTERMATH = Duration.ofSeconds(1);
    static final Duration TAKEOVER_WAIT = Duration.ofSeconds(30);
    static final Duration SETTLE_WAIT = Duration.ofSeconds(90);
    /** A restart is a JVM and Hazelcast start: seconds on a quiet machine, much more on a loaded one. */
    static final Duration RESTART_WAIT = Duration.ofMinutes(3);

    /** A trial's outcome: the failover time and the moves, or why it failed. */
    record Result(double millis, int moves, String failure) {
        static Result failed(String why) {
            return new Result(Double.NaN, -1, why);
        }

        boolean ok() {
            return failure == null;
        }

        @Override
        public String toString() {
            return ok() ? String.format("%.0f ms, %d move%s", millis, moves, moves == 1 ? "" : "s") : "FAILED: " + failure;
        }
    }

    private static final String VIP = HaLab.VIP.replace(".", "\\.");
    /**
     * An announcement of the VIP: "who-has VIP tell VIP," (keepalived's carries a broadcast target MAC,
     * printed as "(ff:ff:ff:ff:ff:ff)") or "Reply VIP is-at"; never the client's "tell 10.77.0.100".
     */
    private static final String GARP = ".*(who-has " + VIP + "( \\(\\S+\\))? tell " + VIP + "(,| |$)|Reply " + VIP + " is-at ).*";

    private final FailoverKind kind;
    /** Both processes idle: a JVM restarted for this trial has finished compiling its start. */
    private final CpuQuiet cpu = new CpuQuiet();
    private final HaLab lab;
    private final Capture arp;

    FailoverTrial(FailoverKind kind, HaLab lab, Capture arp) {
        this.kind = kind;
        this.lab = lab;
        this.arp = arp;
    }

    /** Starts both processes and waits for the pair to settle. */
    void startPair() throws Exception {
        for (String d : List.of("d1", "d2")) {
            restart(d);
        }
        settle("the first start");
    }

    Result run(Fault fault) {
        String owner = null;
        long pid = 0;
        String step = "settling before the fault";
        try {
            try {
                owner = settle("before the fault");
            } catch (AssertionError e) {
                System.out.println("  not settled before the fault (" + firstLine(e) + "): restarting both");
                startPair();
                owner = settle("before the fault, after restarting both");
            }
            String other = other(owner);
            String oldMac = lab.mac(owner);
            String newMac = lab.mac(other);
            arp.clear();
            pid = kind.target(lab.process(owner));
            step = "the fault";
            lab.down(owner);
            Instant t0 = Instant.now();
            switch (fault) {
                case SIGKILL -> Kill.signal(pid, Kill.SIGKILL);
                case SIGTERM -> Kill.signal(pid, Kill.SIGTERM);
                case SIGSTOP -> Kill.signal(pid, Kill.SIGSTOP);
                case LINK_DOWN -> lab.link(owner, false);
            }
            step = "waiting for the takeover";
            String line = arp.await(l -> l.matches(GARP) && sender(l).equals(newMac), TAKEOVER_WAIT);
            double millis = (Capture.time(line) - seconds(t0)) * 1000;
            // A real hang or cut lasts: the fault's end is then a recovery, not a stall.
            awaitPassed(t0, HOLD);
            step = "healing";
            heal(fault, owner, pid);
            step = "settling after the heal";
            settle("after the heal");
            Instant settled = Instant.now();
            awaitPassed(settled, AFTERMATH);
            return new Result(millis, moves(oldMac, seconds(t0), seconds(settled.plus(AFTERMATH))), null);
        } catch (Exception | AssertionError e) {
            Result failed = Result.failed(step + ": " + firstLine(e));
            restore(pid);
            return failed;
        }
    }

    private void heal(Fault fault, String owner, long pid) throws Exception {
        switch (fault) {
            case SIGKILL, SIGTERM -> {
                lab.process(owner).awaitExit(HaLab.WAIT);
                restart(owner);
            }
            case SIGSTOP -> Kill.signal(pid, Kill.SIGCONT);
            case LINK_DOWN -> lab.link(owner, true);
        }
        lab.rejoined(owner);
    }

    /** Undoes whatever a failed trial left: a stopped process, a cut link, a dead process. */
    private void restore(long pid) {
        if (pid != 0) {
            try {
                Kill.signal(pid, Kill.SIGCONT);
            } catch (RuntimeException e) {
                // already gone: restarted below
            }
        }
        for (String d : List.of("d1", "d2")) {
            try {
                lab.link(d, true);
                lab.rejoined(d);
                if (lab.process(d) == null || !lab.process(d).isAlive()) {
                    restart(d);
                }
            } catch (Exception | AssertionError e) {
                System.out.println("  restoring " + d + " failed: " + firstLine(e));
            }
        }
    }

    /** Stops {@code d}'s process if it runs, starts a new one and waits until it is ready. */
    private void restart(String d) throws Exception {
        ChildProcess old = lab.process(d);
        if (old != null) {
            if (old.isAlive()) {
                try {
                    Kill.signal(kind.target(old), Kill.SIGKILL);
                } catch (RuntimeException e) {
                    // it ended meanwhile
                }
                old.awaitExit(HaLab.WAIT);
            }
            old.close();
            lab.saveOutput(d, old);
        }
        lab.run(d, kind.start(lab, d));
        lab.process(d).awaitLine(kind.readyLine(), RESTART_WAIT);
    }

    /** Waits for a settled pair and returns its owner. */
    private String settle(String when) throws Exception {
        String[] owner = new String[1];
        Poll.until(kind.name() + ": a settled pair " + when, SETTLE_WAIT, () -> {
            owner[0] = settledOwner().orElse(null);
            return owner[0] != null;
        });
        return owner[0];
    }

    /** The owner, if both run, one holds the VIP, the client caches its MAC, both processes agree and both are idle. */
    private Optional<String> settledOwner() throws Exception {
        for (String d : List.of("d1", "d2")) {
            if (lab.process(d) == null || !lab.process(d).isAlive()) {
                return Optional.empty();
            }
        }
        List<String> owners = lab.owners();
        if (owners.size() != 1) {
            return Optional.empty();
        }
        String owner = owners.get(0);
        boolean cached = lab.clientSees().equals(Optional.of(lab.mac(owner)));
        return cached && kind.agree(lab, owner, other(owner))
                && cpu.quiet(lab.process("d1").pid(), lab.process("d2").pid()) ? Optional.of(owner) : Optional.empty();
    }

    private int moves(String ownerMac, double from, double to) {
        return moves(arp.lines(), ownerMac, from, to);
    }

    /**
     * Times the VIP changed hands at the client between {@code from} and {@code to} (epoch seconds):
     * gratuitous ARPs for it in {@code capture} whose sender differs from the owner before.
     */
    static int moves(List<String> capture, String ownerMac, double from, double to) {
        String current = ownerMac;
        int moves = 0;
        for (String line : capture) {
            if (line.matches(GARP) && Capture.time(line) >= from && Capture.time(line) <= to && !sender(line).equals(current)) {
                current = sender(line);
                moves++;
            }
        }
        return moves;
    }

    /** The source MAC tcpdump -e prints after the time stamp. */
    private static String sender(String line) {
        String[] f = line.split(" ");
        return f.length > 1 ? f[1] : "";
    }

    private static String other(String director) {
        return director.equals("d1") ? "d2" : "d1";
    }

    static double seconds(Instant t) {
        return t.getEpochSecond() + t.getNano() / 1e9;
    }

    static void awaitPassed(Instant since, Duration span) throws Exception {
        Poll.until(span.toMillis() + " ms to pass", span.plusSeconds(30),
                () -> Duration.between(since, Instant.now()).compareTo(span) >= 0);
    }

    static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
