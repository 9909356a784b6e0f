package io.ipvsdirector.cli;

import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Drains a real server: weight 0 until its connections end (or the virtual server's drain_timeout),
 * then out of the table until undrained. Survives reloads; a restart forgets it.
 */
@Command(name = "drain", mixinStandardHelpOptions = true,
        description = {"Drain a real server of a virtual server: weight 0, existing connections go on;",
            "it leaves the table when they end and stays out until `undrain`."})
public class DrainCommand extends AdminCommand {
    @Parameters(index = "0", paramLabel = "VS", description = "Virtual server: its name, or its service (192.0.2.10:80/tcp).")
    String virtualServer;

    @Parameters(index = "1", paramLabel = "RS", description = "Real server: address:port, or the address when it is unique.")
    String realServer;

    boolean draining() {
        return true;
    }

    @Override
    int call(AdminClient client, PrintWriter out) throws AdminClient.Failure {
        AdminClient.Answer answer = client.post(draining() ? "/drain" : "/undrain",
                new JsonObject().put("virtual_server", virtualServer).put("real_server", realServer));
        if (!answer.ok()) {
            return refused(answer, spec.commandLine().getErr());
        }
        JsonObject b = answer.body();
        String what = "vs " + b.getString("virtual_server") + " rs " + b.getString("real_server");
        if (b.getBoolean("changed", true)) {
            out.println(what + (draining() ? ": draining" : ": back in service"));
        } else {
            out.println(what + ": unchanged (" + b.getString("message", "") + ")");
        }
        return 0;
    }

    /** The reverse: the real server goes back to what its checks say. */
    @Command(name = "undrain", mixinStandardHelpOptions = true,
            description = "Put a real server drained with `drain` back in service (its checks decide again).")
    public static final class Undrain extends DrainCommand {
        @Override
        boolean draining() {
            return false;
        }
    }
}
