package io.ipvsdirector.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** Asks the ACTIVE director to hand its VIPs to a peer. */
@Command(name = "failover", mixinStandardHelpOptions = true,
        description = {"Make this ACTIVE director hand over to an eligible peer.",
            "It does not take the VIPs back by preemption until it is elected again. Exit 1 when it cannot hand over."})
public final class FailoverCommand extends AdminCommand {
    @Override
    int call(AdminClient client, PrintWriter out) throws AdminClient.Failure {
        AdminClient.Answer answer = client.post("/failover", null);
        if (!answer.ok()) {
            return refused(answer, spec.commandLine().getErr());
        }
        out.println("handing over to " + answer.body().getString("to"));
        return 0;
    }
}
