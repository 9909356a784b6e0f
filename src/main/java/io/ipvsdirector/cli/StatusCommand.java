package io.ipvsdirector.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** What the running director is doing and why: role, VIPs, every real server's verdict and weight. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show the running director's role, cluster, VIPs and every real server's verdict, weight and reason.",
            "Exit 3 when no director is running."})
public final class StatusCommand extends AdminCommand {
    @Option(names = "--json", description = "Print the admin API's /status document as it is.")
    boolean json;

    @Override
    int call(AdminClient client, PrintWriter out) throws AdminClient.Failure {
        AdminClient.Answer answer = client.get("/status");
        if (!answer.ok()) {
            return refused(answer, spec.commandLine().getErr());
        }
        if (json) {
            out.println(answer.body().encodePrettily());
        } else {
            // Colour only on a terminal: a pipe or a file gets plain text.
            StatusText.lines(answer.body(), System.console() != null).forEach(out::println);
        }
        return 0;
    }
}
