package io.ipvsdirector.reconcile;

import io.ipvsdirector.kernel.ipvs.IpvsOperation;
import io.ipvsdirector.kernel.ipvs.IpvsTable;
import io.ipvsdirector.kernel.ipvs.OperationResult;
import io.ipvsdirector.kernel.ipvs.Service;
import io.ipvsdirector.kernel.ipvs.Timeouts;
import io.ipvsdirector.kernel.netlink.Errno;
import io.ipvsdirector.kernel.netlink.NetlinkException;
import io.ipvsdirector.net.ServiceKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Makes the kernel's table equal to a desired one: dump, diff ({@link TableDiff}), apply, and when
 * the kernel refuses an operation because the table changed underneath (EEXIST, ESRCH, or ENOENT of
 * a destination), dump and diff again, at most {@link #MAX_ROUNDS} times. Any other refusal stops it
 * with an operator-facing message. Runs on the kernel thread, as every {@link IpvsTable} call must.
 *
 * <p>Ownership: the services of the desired table and those the {@link OwnershipStore} recorded are
 * owned. The record is extended before the first change is sent (so a crash never loses track of a
 * new service) and, after a reconcile that succeeded, replaced by the desired services. A dry run
 * never writes it.
 */
public final class Reconciler {
    public static final int MAX_ROUNDS = 3;

    /** Called after each dump and before its diff is applied; tests use it to change the table underneath. */
    @FunctionalInterface
    public interface AfterDump {
        void run(int round) throws NetlinkException;
    }

    private final IpvsTable table;
    private final OwnershipStore ownership;
    private final ReconcileListener listener;
    private final AfterDump afterDump;

    public Reconciler(IpvsTable table, OwnershipStore ownership, ReconcileListener listener) {
        this(table, ownership, listener, round -> { });
    }

    public Reconciler(IpvsTable table, OwnershipStore ownership, ReconcileListener listener, AfterDump afterDump) {
        this.table = table;
        this.ownership = ownership;
        this.listener = listener;
        this.afterDump = afterDump;
    }

    /** Applies the difference, or with {@code dryRun} only reports it, and returns what was done. */
    public ReconcileResult reconcile(Table desired, boolean dryRun) throws NetlinkException, ReconcileException {
        Set<ServiceKey> recorded = ownership.load();
        Set<ServiceKey> owned = new LinkedHashSet<>(recorded);
        owned.addAll(desired.services().keySet());
        Set<ServiceKey> saved = recorded;
        List<IpvsOperation> done = new ArrayList<>();
        long read = 0;
        long diff = 0;
        long apply = 0;
        int round = 0;
        while (true) {
            round++;
            long t0 = System.nanoTime();
            Table actual = Table.of(table.snapshot());
            long t1 = System.nanoTime();
            afterDump.run(round);
            List<IpvsOperation> ops = TableDiff.operations(desired, actual, owned);
            long t2 = System.nanoTime();
            read += t1 - t0;
            diff += t2 - t1;
            if (ops.isEmpty()) {
                break;
            }
            if (dryRun) {
                ops.forEach(op -> listener.planned(op.ipvsadm()));
                return new ReconcileResult(ops, round, read, diff, apply);
            }
            if (!owned.equals(saved)) {
                ownership.save(owned);
                saved = owned;
            }
            long t3 = System.nanoTime();
            List<OperationResult> results = table.apply(ops);
            apply += System.nanoTime() - t3;
            List<OperationResult> refused = new ArrayList<>();
            for (OperationResult r : results) {
                if (r.ok()) {
                    done.add(r.operation());
                    listener.applied(r.operation().ipvsadm());
                } else {
                    refused.add(r);
                    listener.refused(r.operation().ipvsadm(), r.error().get());
                }
            }
            if (refused.isEmpty()) {
                break;
            }
            for (OperationResult r : refused) {
                if (!changedUnderneath(r)) {
                    throw new ReconcileException(explain(r));
                }
            }
            if (round == MAX_ROUNDS) {
                throw new ReconcileException("the IPVS table kept changing underneath: " + refused.size()
                        + " operation(s) still refused after " + MAX_ROUNDS + " rounds, such as " + explain(refused.get(0)));
            }
            listener.rereading(round + 1, MAX_ROUNDS, refused.size());
        }
        Set<ServiceKey> wanted = new LinkedHashSet<>(desired.services().keySet());
        if (!dryRun && !wanted.equals(saved)) {
            ownership.save(wanted);
        }
        return new ReconcileResult(done, round, read, diff, apply);
    }

    /**
     * Sets the connection timeouts that differ from {@code wanted} (0 there: leave as is) and returns
     * the change applied (or, with {@code dryRun}, planned), if any.
     */
    public Optional<Timeouts> reconcileTimeouts(Timeouts wanted, boolean dryRun) throws NetlinkException {
        Optional<Timeouts> change = TableDiff.timeouts(wanted, table.timeouts());
        if (change.isPresent()) {
            String words = "--set " + change.get().tcp() + " " + change.get().tcpFin() + " " + change.get().udp();
            if (dryRun) {
                listener.planned(words);
            } else {
                table.setTimeouts(change.get());
                listener.applied(words);
            }
        }
        return change;
    }

    /**
     * EEXIST (created meanwhile), ESRCH (service gone) and ENOENT of a destination (gone) mean someone
     * else changed the table since the dump. ENOENT of a service operation is different: the kernel
     * has no such scheduler or persistence engine.
     */
    static boolean changedUnderneath(OperationResult r) {
        Errno errno = r.error().map(NetlinkException::errno).orElse(Errno.UNKNOWN);
        IpvsOperation op = r.operation();
        boolean serviceSettings = op instanceof IpvsOperation.CreateService || op instanceof IpvsOperation.UpdateService;
        return errno == Errno.EEXIST || errno == Errno.ESRCH || (errno == Errno.ENOENT && !serviceSettings);
    }

    /** An operator-facing line for a refusal that is not a race. */
    static String explain(OperationResult r) {
        NetlinkException e = r.error().orElseThrow();
        Service service = r.operation() instanceof IpvsOperation.CreateService c ? c.service()
                : r.operation() instanceof IpvsOperation.UpdateService u ? u.service() : null;
        if (service != null && e.errno() == Errno.ENOENT) {
            return r.operation().ipvsadm() + ": the kernel has no scheduler " + service.scheduler()
                    + service.persistenceEngine().map(pe -> " or no persistence engine " + pe).orElse("")
                    + " (module ip_vs_" + service.scheduler()
                    + service.persistenceEngine().map(pe -> " or ip_vs_pe_" + pe).orElse("") + " could not be loaded)";
        }
        return e.getMessage();
    }
}
