package io.ipvsdirector.testkit;

import java.time.Duration;
import java.util.List;

/** The kernel's connection counters, as `ipvsadm -Ln --stats --exact` prints them. */
public final class Counters {
    private Counters() {
    }

    /** One line of counters per service and real server, without the headers. */
    public static List<String> now() {
        List<String> lines = Ipvsadm.run("-Ln", "--stats", "--exact");
        return lines.subList(3, lines.size());
    }

    /**
     * The kernel folds per-CPU counters into the reported ones every 2 s: waits (at most 10 s) until
     * each service line starting with {@code prefixes[i]} reports {@code conns[i]} connections.
     */
    public static List<String> await(List<String> prefixes, List<Long> conns) throws Exception {
        List<List<String>> seen = new java.util.ArrayList<>(List.of(List.of()));
        Poll.until("connection counters " + conns + " for " + prefixes, Duration.ofSeconds(10), () -> {
            List<String> now = now();
            seen.set(0, now);
            for (int i = 0; i < prefixes.size(); i++) {
                if (conns(now, prefixes.get(i)) != conns.get(i)) {
                    return false;
                }
            }
            return true;
        });
        return seen.get(0);
    }

    /** The Conns column of the line starting with {@code prefix}; -1 when there is none. */
    public static long conns(List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).findFirst()
                .map(l -> Long.parseLong(l.substring(prefix.length()).trim().split("\\s+")[0])).orElse(-1L);
    }
}
