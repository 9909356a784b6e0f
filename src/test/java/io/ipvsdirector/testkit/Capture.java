package io.ipvsdirector.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * tcpdump running in a namespace, its lines collected as they come (with epoch timestamps, -tt), so
 * a test can wait for a frame and know when it was seen.
 */
public final class Capture implements AutoCloseable {
    private final Process process;
    private final List<String> lines = new ArrayList<>();

    private Capture(Process process) {
        this.process = process;
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                }
            } catch (IOException e) {
                // tcpdump ended
            }
        }, "capture");
        t.setDaemon(true);
        t.start();
    }

    /** Starts capturing on {@code device} in {@code ns}; returns once tcpdump listens. */
    public static Capture start(String ns, String device, String filter) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(Netns.in(ns));
        command.addAll(List.of("tcpdump", "-i", device, "-n", "-e", "-l", "-tt", "-vv", "-U"));
        command.addAll(List.of(filter.split(" ")));
        Capture c = new Capture(new ProcessBuilder(command).redirectErrorStream(true).start());
        c.await(l -> l.contains("listening on"), Duration.ofSeconds(10));
        return c;
    }

    public String await(Predicate<String> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            while (true) {
                for (String l : lines) {
                    if (match.test(l)) {
                        return l;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no matching frame within " + timeout + "; captured:\n" + String.join("\n", lines));
                }
                TimeUnit.NANOSECONDS.timedWait(lines, left);
            }
        }
    }

    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** Forgets what was captured so far. */
    public void clear() {
        synchronized (lines) {
            lines.clear();
        }
    }

    /** The epoch time in seconds that tcpdump -tt printed at the start of {@code line}. */
    public static double time(String line) {
        return Double.parseDouble(line.substring(0, line.indexOf(' ')));
    }

    @Override
    public void close() {
        process.destroy();
    }
}
