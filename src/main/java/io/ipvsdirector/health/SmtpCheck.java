package io.ipvsdirector.health;

import io.ipvsdirector.config.CheckParams;
import io.vertx.core.Future;
import io.vertx.core.net.ClientSSLOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * smtp: a 220 greeting, EHLO (HELO when the server refuses EHLO), STARTTLS when asked, QUIT. Each
 * probe is one {@link SmtpSession} on a fresh connection.
 */
final class SmtpCheck implements Check {
    private final ProbeClients clients;
    private final String hostName;

    SmtpCheck(ProbeClients clients) {
        this.clients = clients;
        this.hostName = localHostName();
    }

    @Override
    public Future<ProbeResult> probe(ProbeTarget target) {
        CheckParams.Smtp params = (CheckParams.Smtp) target.spec().params();
        ClientSSLOptions tls = params.tls().map(clients::ssl).orElse(null);
        return new SmtpSession(clients, target, params.heloName().orElse(hostName), params.tls(), tls).run();
    }

    /**
     * The kernel's host name, read once: asking the resolver for a canonical name could block an
     * event loop, and the name is only what the server logs.
     */
    private static String localHostName() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
            return name.matches("[A-Za-z0-9][A-Za-z0-9.-]*") ? name : "localhost";
        } catch (IOException e) {
            return "localhost";
        }
    }
}
