package io.ipvsdirector.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** Asks the running director to re-read its configuration file, as SIGHUP does, and says how it went. */
@Command(name = "reload", mixinStandardHelpOptions = true,
        description = {"Make the running director re-read its configuration file.",
            "A file with problems is rejected (its FILE: PATH: MESSAGE lines are printed, exit 1) and the running configuration stays."})
public final class ReloadCommand extends AdminCommand {
    @Override
    int call(AdminClient client, PrintWriter out) throws AdminClient.Failure {
        AdminClient.Answer answer = client.post("/reload", null);
        if (!answer.ok()) {
            return refused(answer, spec.commandLine().getErr());
        }
        out.println("reloaded " + answer.body().getString("source", ""));
        return 0;
    }
}
