package io.ipvsdirector.reconcile;

import io.ipvsdirector.kernel.netlink.NetlinkException;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps what a reconcile reported, one line each: the operation's words when applied, "planned ..."
 * in a dry run, "refused ...: ERRNO", and "round N of M after K refused" when the table is read again.
 */
final class RecordingListener implements ReconcileListener {
    final List<String> heard = new ArrayList<>();

    @Override
    public void planned(String operation) {
        heard.add("planned " + operation);
    }

    @Override
    public void applied(String operation) {
        heard.add(operation);
    }

    @Override
    public void refused(String operation, NetlinkException error) {
        heard.add("refused " + operation + ": " + error.errno());
    }

    @Override
    public void rereading(int round, int maxRounds, int refused) {
        heard.add("round " + round + " of " + maxRounds + " after " + refused + " refused");
    }
}
