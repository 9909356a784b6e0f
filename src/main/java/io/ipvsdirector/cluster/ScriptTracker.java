package io.ipvsdirector.cluster;

import io.ipvsdirector.config.Durations;
import io.ipvsdirector.config.TrackConfig;
import io.vertx.core.Vertx;
import io.ipvsdirector.process.ProcessTrees;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A program run every interval without a shell: exit 0 counts as a success, anything else (or a run
 * longer than the timeout, which is killed) as a failure; rise and fall as configured.
 */
final class ScriptTracker implements Tracker {
    private final Vertx vertx;
    private final TrackConfig.Script script;
    private final RiseFall state;
    private long timer = -1;
    private boolean running;
    private String lastFailure = "";

    ScriptTracker(Vertx vertx, TrackConfig.Script script) {
        this.vertx = vertx;
        this.script = script;
        this.state = new RiseFall(script.rise(), script.fall(), true);
    }

    @Override
    public String name() {
        return "script " + script.command().get(0);
    }

    @Override
    public void start(Consumer<Optional<String>> report) {
        timer = vertx.setPeriodic(1, script.interval().toMillis(), id -> {
            if (running) {
                return;
            }
            running = true;
            vertx.executeBlocking(this::run, false).onComplete(ar -> {
                running = false;
                if (state.record(ar.succeeded() && ar.result()) ) {
                    report.accept(state.up() ? Optional.empty()
                            : Optional.of(name() + " failed " + script.fall() + " times: " + lastFailure));
                }
            });
        });
    }

    private boolean run() throws InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(script.command()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            lastFailure = e.getMessage();
            return false;
        }
        if (!p.waitFor(script.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
            ProcessTrees.kill(p);
            p.waitFor();
            lastFailure = "timed out after " + Durations.format(script.timeout());
            return false;
        }
        lastFailure = "exit " + p.exitValue();
        return p.exitValue() == 0;
    }

    @Override
    public void stop() {
        vertx.cancelTimer(timer);
    }
}
