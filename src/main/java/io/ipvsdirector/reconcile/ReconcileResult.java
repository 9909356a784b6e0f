package io.ipvsdirector.reconcile;

import io.ipvsdirector.kernel.ipvs.IpvsOperation;
import java.util.List;

/**
 * What a reconcile did: the operations applied (or planned, in a dry run), how many rounds of
 * dump and diff it took, and where the time went, in nanoseconds: reading the table (dumps), diffing,
 * and applying (first request to last acknowledgement).
 */
public record ReconcileResult(List<IpvsOperation> operations, int rounds, long readNanos, long diffNanos,
                              long applyNanos) {
    public ReconcileResult {
        operations = List.copyOf(operations);
    }
}
