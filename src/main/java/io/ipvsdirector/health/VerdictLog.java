package io.ipvsdirector.health;

import java.util.List;
import org.slf4j.Logger;

/**
 * The log lines of verdicts: one per (virtual server, real server) pair, even when one shared probe
 * decides for several. An operator searches the log for a virtual server or a real server; a line
 * that names both, with the verdict and the reason, answers "why is this server out of the pool"
 * without following a probe id to another line.
 */
final class VerdictLog {
    private final Logger log;

    VerdictLog(Logger log) {
        this.log = log;
    }

    /** "vs web (192.0.2.10:80/tcp) rs 10.0.1.11:8080 DOWN: connect timeout 500ms" for each pair. */
    void change(VerdictChange change) {
        for (RealServerRef user : change.servers()) {
            line(change.verdict(), user + " " + change.verdictText() + ": " + change.reason());
        }
    }

    /** A new target's first decision that kept its initial verdict. */
    void confirmed(List<RealServerRef> users, Verdict verdict, String reason) {
        for (RealServerRef user : users) {
            line(verdict, user + " " + verdict + ": " + reason);
        }
    }

    private void line(Verdict verdict, String text) {
        if (verdict == Verdict.DOWN) {
            log.warn(text);
        } else {
            log.info(text);
        }
    }
}
