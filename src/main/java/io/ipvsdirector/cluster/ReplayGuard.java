package io.ipvsdirector.cluster;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Refuses copies of old messages, and a second process that uses a live director's name.
 *
 * <p>Each director numbers the messages of one run ({@code incarnation}, random per start) with a
 * growing counter: from the known run only a higher counter is new; another run is new only if it
 * started later (a restart). That survives the sender's restarts. A receiver that restarted knows no
 * run yet, so a message is also refused when its send time is further than {@code windowMillis} from
 * this director's clock: a copy captured earlier cannot be played to a fresh receiver after that
 * window (the directors' clocks must agree to within it).
 *
 * <p>When the run that a restart replaced goes on speaking with growing counters, it was no restart:
 * two processes claim one name. The one that started first keeps it; the later one is refused for
 * good ({@code name_clash}).
 */
final class ReplayGuard {
    /** A run of a sender and its highest counter. */
    private record Run(long incarnation, long startedMillis, long counter) {
        boolean startedBefore(ClusterMessage m) {
            return startedMillis < m.startedMillis() || (startedMillis == m.startedMillis() && incarnation < m.incarnation());
        }
    }

    /** Per sender: the run accepted now, the one it replaced, and runs refused as name clashes. */
    private static final class Sender {
        Run current;
        Run previous;
        final Set<Long> refused = new HashSet<>();
    }

    private final long windowMillis;
    private final Map<String, Sender> senders = new HashMap<>();

    ReplayGuard(long windowMillis) {
        this.windowMillis = windowMillis;
    }

    /**
     * Null when {@code m} is fresh (and is now the newest known), else the reason it is refused;
     * {@code duplicate} is the newest message once more (the map may hand one entry over twice).
     */
    String check(ClusterMessage m, long nowMillis) {
        if (Math.abs(nowMillis - m.sentMillis()) > windowMillis) {
            return "stale";
        }
        Sender s = senders.computeIfAbsent(m.sender(), n -> new Sender());
        if (s.refused.contains(m.incarnation())) {
            return "name_clash";
        }
        Run run = new Run(m.incarnation(), m.startedMillis(), m.counter());
        if (s.current == null) {
            s.current = run;
            return null;
        }
        if (s.current.incarnation() == m.incarnation()) {
            if (m.counter() == s.current.counter()) {
                return "duplicate";
            }
            if (m.counter() < s.current.counter()) {
                return "replay";
            }
            s.current = run;
            return null;
        }
        if (s.previous != null && s.previous.incarnation() == m.incarnation()) {
            if (m.counter() <= s.previous.counter()) {
                return "replay";
            }
            // The replaced run is still alive: two processes share the name. The earlier start wins.
            s.refused.add(s.current.incarnation());
            s.current = run;
            s.previous = null;
            return null;
        }
        if (s.current.startedBefore(m)) {
            s.previous = s.current;
            s.current = run;
            return null;
        }
        return "replay";
    }
}
