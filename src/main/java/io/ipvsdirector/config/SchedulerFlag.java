package io.ipvsdirector.config;

import java.util.Set;

/** IPVS service flags a scheduler may take, with the schedulers (or protocol) that accept each. */
public enum SchedulerFlag implements Spelled {
    SH_PORT(Set.of("sh")),
    SH_FALLBACK(Set.of("sh")),
    MH_PORT(Set.of("mh")),
    MH_FALLBACK(Set.of("mh")),
    /** One-packet scheduling: every UDP datagram is scheduled on its own. Any scheduler, UDP only. */
    ONE_PACKET(Set.of());

    private final Set<String> schedulers;

    SchedulerFlag(Set<String> schedulers) {
        this.schedulers = schedulers;
    }

    /** Schedulers that accept the flag; empty means any. */
    public Set<String> schedulers() {
        return schedulers;
    }

    @Override
    public String toString() {
        return spelling();
    }
}
