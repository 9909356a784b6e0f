package io.ipvsdirector.systemd;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * When each watched part of the daemon last answered a ping, and whether a ping is still out. A
 * part that has not answered within the allowed age is stale; one ping at a time per part, so a
 * stuck part is not buried under pings it will never run. Times are System.nanoTime() values.
 */
final class Heartbeats {
    private record Beat(long lastAnswer, boolean outstanding) {
    }

    private final Map<String, Beat> beats = new LinkedHashMap<>();

    /** Starts watching {@code name}, counted as having answered at {@code now}. */
    synchronized void watch(String name, long now) {
        beats.put(name, new Beat(now, false));
    }

    /** True when a ping should go to {@code name} now (none is out); marks one as out. */
    synchronized boolean pingDue(String name) {
        Beat b = beats.get(name);
        if (b == null || b.outstanding()) {
            return false;
        }
        beats.put(name, new Beat(b.lastAnswer(), true));
        return true;
    }

    synchronized void answered(String name, long now) {
        if (beats.containsKey(name)) {
            beats.put(name, new Beat(now, false));
        }
    }

    /** The first part that has not answered within {@code maxAgeNanos}, if any. */
    synchronized Optional<String> stale(long now, long maxAgeNanos) {
        return beats.entrySet().stream().filter(e -> now - e.getValue().lastAnswer() > maxAgeNanos)
                .map(Map.Entry::getKey).findFirst();
    }

    /** How long ago {@code name} last answered, in nanoseconds. */
    synchronized long age(String name, long now) {
        Beat b = beats.get(name);
        return b == null ? 0 : now - b.lastAnswer();
    }
}
