package io.ipvsdirector.ha;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stop-the-world pauses one JVM wrote to its {@code -Xlog:gc,gc+phases} file. The phases tag is
 * there for ZGC and Shenandoah, which name their pauses only at that level; G1 names its pauses at
 * the gc level and writes no "Pause" line among its phases, so no pause is counted twice.
 */
record GcLog(Path file, int pauses, double longestMillis) {
    /** Lines such as {@code [12.3s] GC(3) Pause Young (Normal) (G1 Evacuation Pause) 30M->10M(64M) 3.456ms}. */
    private static final Pattern PAUSE = Pattern.compile("GC\\(\\d+\\) Pause .* ([0-9.]+)ms$");

    /** The JVM option that writes such a file. */
    static String option(Path file) {
        return "-Xlog:gc,gc+phases:file=" + file + ":uptime";
    }

    static GcLog read(Path file) throws IOException {
        return read(file, 0);
    }

    /** The pauses logged at {@code fromSeconds} of the JVM's uptime or later (the log's {@code [12.3s]} stamp). */
    static GcLog read(Path file, double fromSeconds) throws IOException {
        int pauses = 0;
        double longest = 0;
        for (String line : Files.readAllLines(file)) {
            Matcher m = PAUSE.matcher(line);
            if (m.find() && uptime(line) >= fromSeconds) {
                pauses++;
                longest = Math.max(longest, Double.parseDouble(m.group(1)));
            }
        }
        return new GcLog(file, pauses, longest);
    }

    private static double uptime(String line) {
        int end = line.indexOf("s]");
        return line.startsWith("[") && end > 0 ? Double.parseDouble(line.substring(1, end)) : 0;
    }

    /** Every log in {@code dir} whose name starts with {@code prefix}, longest pause first. */
    static List<GcLog> readAll(Path dir, String prefix) throws IOException {
        List<GcLog> out = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) {
                out.add(read(f));
            }
        }
        out.sort((a, b) -> Double.compare(b.longestMillis, a.longestMillis));
        return out;
    }

    /** One line: how many JVMs, how many pauses, the longest and whose, then each JVM's longest. */
    static String summary(List<GcLog> logs) {
        if (logs.isEmpty()) {
            return "no GC log";
        }
        StringBuilder each = new StringBuilder();
        for (GcLog g : logs) {
            each.append(each.length() == 0 ? "" : " ").append(String.format("%.2f", g.longestMillis));
        }
        GcLog worst = logs.get(0);
        return String.format("%d JVMs, %d pauses, longest %.2f ms (%s); each JVM's longest (ms): %s", logs.size(),
                logs.stream().mapToInt(GcLog::pauses).sum(), worst.longestMillis, worst.file.getFileName(), each);
    }
}
