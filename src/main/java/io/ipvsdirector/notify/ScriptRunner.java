package io.ipvsdirector.notify;

import io.ipvsdirector.process.ProcessTrees;
import io.ipvsdirector.process.RunAs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the notify script once per event, one run at a time and in event order, on its own thread:
 * {@code SCRIPT TYPE SUBJECT STATE JSON}, without a shell. A run that outlives the timeout is killed
 * with its children; a failure is logged and never retried. When the script falls this far behind,
 * events are skipped (the stream still has them) and that is logged. With a user, the script runs as
 * that user, without the director's capabilities (see {@link RunAs}).
 */
final class ScriptRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ScriptRunner.class);
    static final int BACKLOG = 1000;

    private final Path script;
    private final Duration timeout;
    private final Optional<String> user;
    private final RunAs runAs;
    private final BlockingQueue<Event> queue = new ArrayBlockingQueue<>(BACKLOG);
    private final Thread thread;
    private volatile boolean running = true;
    private long skipped;

    ScriptRunner(Path script, Duration timeout, Optional<String> user, RunAs runAs) {
        this.script = script;
        this.timeout = timeout;
        this.user = user;
        this.runAs = runAs;
        if (user.isPresent()) {
            try {
                runAs.prefix(user);
            } catch (IOException e) {
                // Said once at start; each run that cannot start says so again.
                LOG.warn("notify script {} cannot run as user '{}': {}", script, user.get(), e.getMessage());
            }
        }
        this.thread = new Thread(this::loop, "notify-script");
        thread.setDaemon(true);
        thread.start();
    }

    void submit(Event event) {
        if (!queue.offer(event)) {
            if (skipped++ % 100 == 0) {
                LOG.warn("notify script {} is {} events behind: event {} not run (the event stream has it)",
                        script, BACKLOG, event.seq());
            }
        }
    }

    private void loop() {
        while (running) {
            try {
                run(queue.take());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void run(Event e) throws InterruptedException {
        Process p;
        try {
            List<String> command = new ArrayList<>(runAs.prefix(user));
            command.addAll(List.of(script.toString(), e.type(), e.subject(), e.state(), e.toJson().encode()));
            p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectErrorStream(false).start();
        } catch (IOException ex) {
            LOG.warn("notify script {} cannot run for event {}: {}", script, e.seq(), ex.getMessage());
            return;
        }
        try {
            p.getOutputStream().close();
        } catch (IOException ignored) {
            // the script does not read its input
        }
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            ProcessTrees.kill(p);
            p.waitFor();
            LOG.warn("notify script {} for event {} ({} {} {}) killed after {} ms", script, e.seq(), e.type(),
                    e.subject(), e.state(), timeout.toMillis());
            return;
        }
        if (p.exitValue() != 0) {
            String err = readError(p);
            LOG.warn("notify script {} for event {} ({} {} {}) exited {}{}", script, e.seq(), e.type(), e.subject(),
                    e.state(), p.exitValue(), err.isEmpty() ? "" : ": " + err);
        }
    }

    private static String readError(Process p) {
        try {
            String s = new String(p.getErrorStream().readNBytes(300), StandardCharsets.UTF_8).trim();
            return s.replace('\n', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    /** Waits up to {@code wait} for queued runs to finish, then stops. */
    void drain(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!queue.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
