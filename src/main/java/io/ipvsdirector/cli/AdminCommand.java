package io.ipvsdirector.cli;

import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The shape of every command that talks to a running director: find it from the configuration,
 * make one call, print the answer or one line saying what went wrong.
 */
abstract class AdminCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    /** Makes the call and prints the outcome; returns the exit status. */
    abstract int call(AdminClient client, PrintWriter out) throws AdminClient.Failure;

    @Override
    public final Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            int exit = call(AdminClient.of(config.file()), out);
            out.flush();
            return exit;
        } catch (AdminClient.Failure f) {
            out.flush();
            err.println(f.getMessage());
            err.flush();
            return f.exit;
        }
    }

    /** Prints an error answer ("error: ..." and any configuration lines) and returns 1. */
    static int refused(AdminClient.Answer answer, PrintWriter err) {
        JsonObject body = answer.body();
        err.println("error: " + body.getString("error", "HTTP " + answer.status()));
        if (body.getJsonArray("lines") != null) {
            body.getJsonArray("lines").forEach(l -> err.println(l));
        }
        err.flush();
        return AdminClient.EXIT_REFUSED;
    }
}
