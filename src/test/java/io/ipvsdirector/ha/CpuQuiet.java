package io.ipvsdirector.ha;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Whether processes have gone quiet: less than {@link #LIMIT} of a core over the time since they were
 * last asked about (at least {@link #MIN_NANOS}). A JVM that has just started compiles its code for
 * seconds; a trial that begins then measures the compiler, not the failover.
 */
final class CpuQuiet {
    /** Share of one core. */
    static final double LIMIT = 0.15;
    private static final long MIN_NANOS = 400_000_000L;
    /** Clock ticks per second of /proc/PID/stat (USER_HZ: 100 on Linux). */
    private static final double TICKS = 100;

    private record Sample(long nanos, long ticks) {
    }

    private final Map<Long, Sample> last = new HashMap<>();

    /** True when every process in {@code pids} used less than the limit since the previous call for it. */
    boolean quiet(long... pids) {
        boolean all = true;
        long now = System.nanoTime();
        for (long pid : pids) {
            long ticks = ticks(pid);
            Sample before = last.get(pid);
            if (before == null || now - before.nanos() >= MIN_NANOS) {
                last.put(pid, new Sample(now, ticks));
            }
            if (before == null || now - before.nanos() < MIN_NANOS || ticks < 0
                    || (ticks - before.ticks()) / TICKS / ((now - before.nanos()) / 1e9) >= LIMIT) {
                all = false;
            }
        }
        return all;
    }

    /** utime + stime of {@code pid}, or -1 when it is gone. */
    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
