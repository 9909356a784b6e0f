package io.ipvsdirector.reconcile;

import io.ipvsdirector.kernel.netlink.NetlinkException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears each operation of a reconcile, in ipvsadm's words ("-A -t 192.0.2.10:80 -s wlc"): the daemon
 * logs them, the command line prints them.
 */
public interface ReconcileListener {
    /** A dry run's operation, not applied. */
    void planned(String operation);

    void applied(String operation);

    void refused(String operation, NetlinkException error);

    /** The kernel's table changed underneath; it is read again for round {@code round}. */
    void rereading(int round, int maxRounds, int refused);

    /** One INFO line per operation, in ipvsadm's words: "ipvs: -A -t 192.0.2.10:80 -s wlc". */
    static ReconcileListener logging() {
        Logger log = LoggerFactory.getLogger(Reconciler.class);
        return new ReconcileListener() {
            @Override
            public void planned(String operation) {
                log.info("ipvs (dry run): {}", operation);
            }

            @Override
            public void applied(String operation) {
                log.info("ipvs: {}", operation);
            }

            @Override
            public void refused(String operation, NetlinkException error) {
                log.warn("ipvs: {} refused: {}", operation, error.errno().text());
            }

            @Override
            public void rereading(int round, int maxRounds, int refused) {
                log.warn("ipvs: the table changed underneath ({} operation(s) refused); reading it again (round {} of {})",
                        refused, round, maxRounds);
            }
        };
    }
}
