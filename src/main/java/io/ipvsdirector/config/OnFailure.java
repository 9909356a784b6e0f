package io.ipvsdirector.config;

/** What happens to a real server whose checks fail. */
public enum OnFailure implements Spelled {
    /** Delete the destination from the kernel table. */
    REMOVE,
    /** Keep the destination with weight 0 (keepalived's inhibit_on_failure, ldirectord's quiescent). */
    ZERO_WEIGHT;

    @Override
    public String toString() {
        return spelling();
    }
}
