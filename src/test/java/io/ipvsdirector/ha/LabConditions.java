package io.ipvsdirector.ha;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the fault injector has done to the lab right now, as the invariant monitor needs it: which
 * directors are dead, frozen or cut off, from when a resumed or restarted one counts as an owner
 * again, and when the two directors last became able to hear each other again.
 */
final class LabConditions {
    private final Set<String> dead = ConcurrentHashMap.newKeySet();
    private final Set<String> frozen = ConcurrentHashMap.newKeySet();
    private final Set<String> isolated = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> countFrom = new ConcurrentHashMap<>();
    private volatile boolean intruderUp;
    private volatile boolean couldHear = true;
    private volatile long healedAt;
    /** One beacon timeout plus two samples of skew: how long a resumed director may hold the VIP unheard-of. */
    private final long graceMillis;

    LabConditions(long graceMillis) {
        this.graceMillis = graceMillis;
    }

    long graceMillis() {
        return graceMillis;
    }

    /** Killed or stopped: not an owner (a crashed host answers for nothing) until {@link #ready}. */
    void dead(String director) {
        dead.add(director);
        changed();
    }

    /** Restarted and past its start-up clean-up of leftover VIPs: an owner again from now. */
    void ready(String director) {
        countFrom.put(director, System.currentTimeMillis());
        dead.remove(director);
        changed();
    }

    void frozen(String director, boolean stopped) {
        if (stopped) {
            frozen.add(director);
        } else {
            frozen.remove(director);
            // It may still hold the VIP it had when it was stopped: it has one beacon timeout to step down.
            countFrom.put(director, System.currentTimeMillis() + graceMillis);
        }
        changed();
    }

    void isolated(String director, boolean cut) {
        if (cut) {
            isolated.add(director);
        } else {
            isolated.remove(director);
        }
        changed();
    }

    void intruder(boolean up) {
        intruderUp = up;
    }

    boolean intruderUp() {
        return intruderUp;
    }

    /** Whether {@code director}'s addresses count as ownership at {@code now}. */
    boolean counted(String director, long now) {
        return !dead.contains(director) && !frozen.contains(director) && now >= countFrom.getOrDefault(director, 0L);
    }

    /** Whether d1 and d2 can hear each other: neither is cut off nor frozen. */
    boolean pairCanHear() {
        return !isolated.contains("d1") && !isolated.contains("d2") && !frozen.contains("d1") && !frozen.contains("d2");
    }

    /** Whether two owners are allowed without a witness at {@code now}: a split, or its healing. */
    boolean splitAllows(long now) {
        return !pairCanHear() || now - healedAt <= graceMillis;
    }

    private synchronized void changed() {
        boolean hear = pairCanHear();
        if (hear && !couldHear) {
            healedAt = System.currentTimeMillis();
        }
        couldHear = hear;
    }

    /** Forgets every fault (after a reset of the lab). */
    void clear() {
        dead.clear();
        frozen.clear();
        isolated.clear();
        countFrom.clear();
        intruderUp = false;
        changed();
    }
}
