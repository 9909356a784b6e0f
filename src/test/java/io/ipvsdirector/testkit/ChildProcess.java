package io.ipvsdirector.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A child process whose output lines (stdout and stderr) can be awaited: usually a JVM running one of
 * the project's main classes with the test class path, optionally started through a prefix command
 * such as "ip netns exec NS"; or any other program a test needs beside it.
 */
public final class ChildProcess implements AutoCloseable {
    private final Process process;
    private final List<String> lines = new ArrayList<>();

    private ChildProcess(Process process) {
        this.process = process;
        pump(process.getInputStream());
        pump(process.getErrorStream());
    }

    /** Starts any program. */
    public static ChildProcess command(List<String> command) throws IOException {
        return new ChildProcess(new ProcessBuilder(command).start());
    }

    /** Starts {@code mainClass} with {@code args}; {@code prefix} runs before java (may be empty). */
    public static ChildProcess start(List<String> prefix, List<String> jvmArgs, String mainClass, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(classPath());
        command.add(mainClass);
        command.addAll(args);
        return command(command);
    }

    /** The JVM options bin/ipvs-director gives the daemon (Hazelcast's access to JVM internals). */
    public static final List<String> DIRECTOR_JVM = List.of("-Xmx128m",
            "--add-modules", "java.se", "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens", "java.management/sun.management=ALL-UNNAMED",
            "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED");

    /** The director's own command line: {@code ipvs-director ARGS}. */
    public static ChildProcess director(List<String> prefix, String... args) throws IOException {
        return start(prefix, DIRECTOR_JVM, "io.ipvsdirector.cli.Main", List.of(args));
    }

    /** target/classes plus every dependency, as Maven wrote them to target/test-classpath.txt. */
    public static String classPath() throws IOException {
        Path base = Path.of(System.getProperty("project.basedir", "."));
        String deps = Files.readString(base.resolve("target/test-classpath.txt")).trim();
        return base.resolve("target/classes") + ":" + base.resolve("target/test-classes") + ":" + deps;
    }

    private void pump(InputStream in) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "child-output");
        t.setDaemon(true);
        t.start();
    }

    /** Waits for a line matching {@code match} (from the start of the output), failing after {@code timeout}. */
    public String awaitLine(Predicate<String> match, Duration timeout) throws InterruptedException {
        return awaitLine(0, match, timeout);
    }

    /** How many lines have been printed so far: a mark for {@link #awaitLine(int, Predicate, Duration)}. */
    public int mark() {
        synchronized (lines) {
            return lines.size();
        }
    }

    /** Waits for a matching line printed after {@code mark}. */
    public String awaitLine(int mark, Predicate<String> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            while (true) {
                for (int i = mark; i < lines.size(); i++) {
                    String l = lines.get(i);
                    if (match.test(l)) {
                        return l;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no matching line within " + timeout + "; output so far:\n" + String.join("\n", lines));
                }
                TimeUnit.NANOSECONDS.timedWait(lines, left);
            }
        }
    }

    public String awaitLine(String fragment, Duration timeout) throws InterruptedException {
        return awaitLine(l -> l.contains(fragment), timeout);
    }

    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    public long pid() {
        return process.pid();
    }

    public void signal(String name) throws IOException, InterruptedException {
        int rc = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
        if (rc != 0) {
            throw new IOException("kill -" + name + " failed with " + rc);
        }
    }

    /** Waits for the exit and returns its status; fails after {@code timeout}. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("still running after " + timeout + "; output:\n" + String.join("\n", lines()));
        }
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
