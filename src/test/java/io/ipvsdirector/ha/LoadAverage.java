package io.ipvsdirector.ha;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's 1, 5 and 15 minute load averages from /proc/loadavg: benchmark figures are read against it. */
record LoadAverage(double one, double five, double fifteen) {
    static LoadAverage now() throws IOException {
        String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
        return new LoadAverage(Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]));
    }

    /** As {@link #now}, or a line saying why not: a report must print even where /proc is odd. */
    static String describeNow() {
        try {
            return now().toString();
        } catch (IOException | RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    @Override
    public String toString() {
        return String.format("%.2f %.2f %.2f (1, 5, 15 min)", one, five, fifteen);
    }
}
