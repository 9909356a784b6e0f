package io.ipvsdirector.cli;

import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Asks the ACTIVE director to hand its VIPs (of one group) to a peer. */
@Command(name = "failover", mixinStandardHelpOptions = true,
        description = {"Make this ACTIVE director hand over to an eligible peer.",
            "It does not take the VIPs back by preemption until it is elected again. Exit 1 when it cannot hand over."})
public final class FailoverCommand extends AdminCommand {
    @Option(names = "--group", paramLabel = "NAME",
            description = "The VIP group to hand over (required when the director is elected in several groups).")
    String group;

    @Override
    int call(AdminClient client, PrintWriter out) throws AdminClient.Failure {
        AdminClient.Answer answer = client.post("/failover", group == null ? null : new JsonObject().put("group", group));
        if (!answer.ok()) {
            return refused(answer, spec.commandLine().getErr());
        }
        out.println((group == null ? "" : "group " + group + ": ") + "handing over to " + answer.body().getString("to"));
        return 0;
    }
}
