package io.ipvsdirector.ha;

import io.ipvsdirector.testkit.ChildProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The directors' own reports of a stalled JVM during one schedule: "this director was frozen for N
 * ms", which {@code FreezeWatch} logs when its beacon tick comes that late. A stall longer than the
 * beacon timeout on a director that no fault of the schedule froze is the machine starving it.
 */
final class StallWatch {
    private static final Pattern FROZEN = Pattern.compile("this director was frozen for (\\d+) ms");

    private record Start(String director, ChildProcess process, int mark) {
    }

    private final ChaosLab lab;
    private final List<Start> starts = new ArrayList<>();
    private final List<String> frozenByFault = new ArrayList<>();

    /** Marks where each director's output stands now, at the start of {@code schedule}. */
    StallWatch(ChaosLab lab, ChaosSchedule schedule) {
        this.lab = lab;
        for (String d : List.of("d1", "d2")) {
            ChildProcess p = lab.process(d);
            starts.add(new Start(d, p, p == null ? 0 : p.mark()));
        }
        schedule.steps().stream().filter(st -> st.kind() == ChaosSchedule.Kind.FREEZE).forEach(st -> frozenByFault.add(st.target()));
    }

    /** The longest stall over the beacon timeout since the start ("d1's JVM stalled 1532 ms"), if any. */
    Optional<String> longest() {
        long worst = 0;
        String who = "";
        for (Start s : starts) {
            if (frozenByFault.contains(s.director()) || s.process() == null) {
                continue;
            }
            List<String> lines = new ArrayList<>(s.process().lines().subList(Math.min(s.mark(), s.process().lines().size()),
                    s.process().lines().size()));
            ChildProcess now = lab.process(s.director());
            if (now != s.process() && now != null) {
                lines.addAll(now.lines()); // restarted during the schedule
            }
            for (String line : lines) {
                Matcher m = FROZEN.matcher(line);
                if (m.find() && Long.parseLong(m.group(1)) > worst) {
                    worst = Long.parseLong(m.group(1));
                    who = s.director();
                }
            }
        }
        return worst > ChaosLab.BEACON_TIMEOUT.toMillis()
                ? Optional.of(who + "'s JVM stalled " + worst + " ms, beacon timeout " + ChaosLab.BEACON_TIMEOUT.toMillis() + " ms")
                : Optional.empty();
    }
}
