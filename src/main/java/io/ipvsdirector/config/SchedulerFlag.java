package io.ipvsdirector.config;

import java.util.Set;

/** IPVS service flags a scheduler may take, with the schedulers (or protocol) that accept each. */
public enum SchedulerFlag implements Spelled {
    SH_PORT("sh-port", Set.of("sh")),
    SH_FALLBACK("sh-fallback", Set.of("sh")),
    MH_PORT("mh-port", Set.of("mh")),
    MH_FALLBACK("mh-fallback", Set.of("mh")),
    /** One-packet scheduling: every UDP datagram is scheduled on its own. Any scheduler, UDP only. */
    ONE_PACKET("one-packet", Set.of());

    private final String spelling;
    private final Set<String> schedulers;

    SchedulerFlag(String spelling, Set<String> schedulers) {
        this.spelling = spelling;
        this.schedulers = schedulers;
    }

    /** Schedulers that accept the flag; empty means any. */
    public Set<String> schedulers() {
        return schedulers;
    }

    @Override
    public String spelling() {
        return spelling;
    }

    @Override
    public String toString() {
        return spelling;
    }
}
