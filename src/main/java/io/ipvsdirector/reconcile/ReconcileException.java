package io.ipvsdirector.reconcile;

/** A reconcile that could not make the kernel's table what was wanted; the message says why, for an operator. */
public final class ReconcileException extends Exception {
    public ReconcileException(String message) {
        super(message, null, false, false);
    }
}
