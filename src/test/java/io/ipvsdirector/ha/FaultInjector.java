package io.ipvsdirector.ha;

import io.ipvsdirector.ha.ChaosSchedule.Step;
import io.ipvsdirector.testkit.ChildProcess;
import io.ipvsdirector.testkit.Netns;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Does a schedule step's fault to the lab and heals it, keeping {@link LabConditions} true to what
 * was done. Anything that does not happen in its bounded wait (a JVM that never starts, a process
 * that ignores SIGTERM) is a violation sent to {@code violations}, never a hang.
 */
final class FaultInjector {
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private final ChaosLab lab;
    private final LabConditions conditions;
    private final BeaconReplay replay;

    FaultInjector(ChaosLab lab, LabConditions conditions, BeaconReplay replay) {
        this.lab = lab;
        this.conditions = conditions;
        this.replay = replay;
    }

    void inject(Step step, Consumer<String> violations) throws Exception {
        String t = step.target();
        switch (step.kind()) {
            case SIGKILL, SIGTERM -> {
                conditions.dead(t);
                lab.process(t).signal(step.kind() == ChaosSchedule.Kind.SIGKILL ? "KILL" : "TERM");
            }
            case FREEZE -> {
                conditions.frozen(t, true);
                lab.process(t).signal("STOP");
            }
            case LINK_DOWN -> {
                conditions.isolated(t, true);
                lab.lab.cut(t, true);
            }
            case PARTITION -> {
                conditions.isolated(t, true);
                for (String other : lab.others(t)) {
                    lab.iptables(t, "-A", "INPUT", "-s", other, "-j", "DROP");
                    lab.iptables(t, "-A", "OUTPUT", "-d", other, "-j", "DROP");
                }
            }
            case LOSS -> {
                String p = String.format("%.2f", step.param() / 100.0);
                for (String other : lab.others(t)) {
                    lab.iptables(t, "-A", "INPUT", "-s", other, "-m", "statistic", "--mode", "random",
                            "--probability", p, "-j", "DROP");
                }
            }
            case RELOAD -> {
                if (step.param() == 1) {
                    lab.writeConfig(t, true);
                }
                lab.process(t).signal("HUP");
            }
            case INTRUDER -> {
                conditions.intruder(true);
                if (!lab.startIntruder()) {
                    violations.accept("the intruder's director did not start within " + ChaosLab.START_WAIT.toSeconds() + " s");
                }
            }
            case REPLAY -> {
                int sent = replay.send(lab.intruderNs, List.of(ChaosLab.address("d1"), ChaosLab.address("d2")),
                        step.param(), lab.lab.dir);
                if (sent == 0) {
                    violations.accept("no beacon was captured to replay");
                }
            }
        }
    }

    void heal(Step step, Consumer<String> violations) throws Exception {
        String t = step.target();
        switch (step.kind()) {
            case SIGKILL, SIGTERM -> {
                ChildProcess p = lab.process(t);
                try {
                    int exit = p.awaitExit(STOP_WAIT);
                    if (step.kind() == ChaosSchedule.Kind.SIGTERM && exit != 0) {
                        violations.accept(t + " exited " + exit + " on SIGTERM, not 0");
                    }
                } catch (AssertionError e) {
                    violations.accept(t + " still ran " + STOP_WAIT.toSeconds() + " s after " + step.kind());
                    p.close();
                }
                if (lab.start(t)) {
                    conditions.ready(t);
                } else {
                    violations.accept(t + " did not start again within " + ChaosLab.START_WAIT.toSeconds() + " s");
                }
            }
            case FREEZE -> {
                lab.process(t).signal("CONT");
                conditions.frozen(t, false);
            }
            case LINK_DOWN -> {
                lab.lab.cut(t, false);
                conditions.isolated(t, false);
            }
            case PARTITION, LOSS -> {
                lab.iptables(t, "-F", "INPUT");
                lab.iptables(t, "-F", "OUTPUT");
                conditions.isolated(t, false);
            }
            case RELOAD -> {
                if (step.param() == 1) {
                    lab.writeConfig(t, false);
                    lab.process(t).signal("HUP");
                }
            }
            case INTRUDER -> stopIntruder(violations);
            case REPLAY -> {
                // nothing to undo: the datagrams are gone
            }
        }
    }

    /** SIGTERM to the intruder (SIGKILL if it does not stop) and its leftover VIP removed. */
    void stopIntruder(Consumer<String> violations) throws Exception {
        ChildProcess p = lab.process("x");
        if (p != null && p.isAlive()) {
            p.signal("TERM");
            try {
                p.awaitExit(STOP_WAIT);
            } catch (AssertionError e) {
                violations.accept("the intruder still ran " + STOP_WAIT.toSeconds() + " s after SIGTERM");
                p.close();
            }
        }
        conditions.intruder(false);
        try {
            Netns.run("ip", "-n", lab.intruderNs, "addr", "del", HaLab.VIP + "/32", "dev", "eth0");
        } catch (IOException e) {
            // it released the VIP itself, or never held it
        }
    }

    /** Stops d2 then d1 (SIGTERM, SIGKILL after 30 s) and starts them again: the reset of a lab that will not settle. */
    void restartAll(Consumer<String> violations) throws Exception {
        for (String d : List.of("d2", "d1")) {
            conditions.dead(d);
            ChildProcess p = lab.process(d);
            p.signal("TERM");
            try {
                p.awaitExit(STOP_WAIT);
            } catch (AssertionError e) {
                p.close();
            }
        }
        for (String d : List.of("d1", "d2")) {
            if (lab.start(d)) {
                conditions.ready(d);
            } else {
                violations.accept(d + " did not start again within " + ChaosLab.START_WAIT.toSeconds() + " s");
            }
        }
    }

    /** Undoes every fault whatever the schedule did: links up, rules flushed, processes resumed or restarted. */
    void healAll(Consumer<String> violations) throws Exception {
        stopIntruder(violations);
        for (String h : lab.witness ? List.of("d1", "d2", "w") : List.of("d1", "d2")) {
            lab.lab.cut(h, false);
            lab.iptables(h, "-F", "INPUT");
            lab.iptables(h, "-F", "OUTPUT");
            ChildProcess p = lab.process(h);
            if (p != null && p.isAlive()) {
                p.signal("CONT");
            } else if (!lab.start(h)) {
                violations.accept(h + " did not start again within " + ChaosLab.START_WAIT.toSeconds() + " s");
            }
        }
        for (String d : List.of("d1", "d2")) {
            lab.writeConfig(d, false);
            lab.process(d).signal("HUP");
        }
        conditions.clear();
    }
}
