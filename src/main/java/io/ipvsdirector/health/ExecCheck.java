package io.ipvsdirector.health;

import io.ipvsdirector.config.CheckParams;
import io.ipvsdirector.process.ProcessTrees;
import io.ipvsdirector.process.RunAs;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * exec: runs a program without a shell. Exit 0 is up, 1 is down; with dynamic, 2..255 is up with
 * weight code − 2 (keepalived's misc_dynamic), otherwise any other code is down. The program gets
 * no input, its output is discarded (no pipe is left to fill or leak), its environment is only a
 * PATH, and at the timeout it is killed with every process it started.
 */
final class ExecCheck implements Check {
    static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final File DEV_NULL = new File("/dev/null");

    private final Vertx vertx;
    private final RunAs runAs;

    ExecCheck(Vertx vertx, RunAs runAs) {
        this.vertx = vertx;
        this.runAs = runAs;
    }

    @Override
    public Future<ProbeResult> probe(ProbeTarget target) {
        long start = System.nanoTime();
        CheckParams.Exec params = (CheckParams.Exec) target.spec().params();
        long timeoutMillis = target.spec().timeout().toMillis();
        Context context = vertx.getOrCreateContext();
        Promise<ProbeResult> result = Promise.promise();
        // fork and exec block for milliseconds: never on the event loop.
        vertx.executeBlocking(() -> start(command(target, params)), false).onComplete(started -> {
            if (started.failed()) {
                result.complete(ProbeResult.down("cannot start " + params.command().get(0) + ": "
                        + started.cause().getMessage(), start));
                return;
            }
            Process process = started.result();
            // The verdict is taken at the timeout; reaping the killed tree may take a moment more.
            ProbeResult[] timedOut = {null};
            long timer = vertx.setTimer(Math.max(1, timeoutMillis - elapsedMillis(start)), id -> {
                timedOut[0] = ProbeResult.down("timeout after " + timeoutMillis + "ms (killed)", start);
                vertx.executeBlocking(() -> ProcessTrees.kill(process), false);
            });
            // The probe ends when the process has been reaped, so the next one never overlaps it.
            process.onExit().whenComplete((p, e) -> context.runOnContext(v -> {
                vertx.cancelTimer(timer);
                result.complete(timedOut[0] != null ? timedOut[0] : judge(process.exitValue(), params.dynamic(), start));
            }));
        });
        return result.future();
    }

    private List<String> command(ProbeTarget target, CheckParams.Exec params) throws IOException {
        List<String> command = new ArrayList<>(runAs.prefix(params.user()));
        command.add(params.command().get(0));
        for (String arg : params.command().subList(1, params.command().size())) {
            command.add(arg.replace("{address}", target.addressText()).replace("{port}", Integer.toString(target.port())));
        }
        return command;
    }

    private static Process start(List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(DEV_NULL)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .directory(new File("/"));
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", PATH);
        return builder.start();
    }

    static ProbeResult judge(int exit, boolean dynamic, long start) {
        if (exit == 0) {
            return ProbeResult.up("exit 0", start);
        }
        if (dynamic && exit >= 2 && exit <= 255) {
            return ProbeResult.upWithWeight("exit " + exit + " (weight " + (exit - 2) + ")", start, exit - 2);
        }
        return ProbeResult.down("exit " + exit, start);
    }

    private static long elapsedMillis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
