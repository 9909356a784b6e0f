package io.ipvsdirector.kernel.ipvs;

/** A service as a dump returns it: the service and its counters in both widths. */
public record ServiceEntry(Service service, Stats stats, Stats stats64) {
}
