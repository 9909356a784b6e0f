package io.ipvsdirector.config;

import java.util.List;

/** The IPVS schedulers the kernel ships (module ip_vs_NAME). */
public final class Schedulers {
    /** The ten classic LVS schedulers, then mh, fo, ovf and twos. */
    public static final List<String> ALL = List.of(
            "rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "mh", "fo", "ovf", "twos");

    /** ipvsadm's default. */
    public static final String DEFAULT = "wlc";

    private Schedulers() {
    }
}
