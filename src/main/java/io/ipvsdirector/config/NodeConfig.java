package io.ipvsdirector.config;

import java.time.Duration;

/** This director in the election: its name, priority, and whether it takes ACTIVE back when it can. */
public record NodeConfig(String name, int priority, boolean preempt, Duration preemptDelay) {
    public static final int DEFAULT_PRIORITY = 100;
}
