package io.ipvsdirector.cluster;

/** Counts results: {@code rise} successes in a row make it up, {@code fall} failures in a row down. */
final class RiseFall {
    private final int rise;
    private final int fall;
    private boolean up;
    private int streak;

    RiseFall(int rise, int fall, boolean initiallyUp) {
        this.rise = rise;
        this.fall = fall;
        this.up = initiallyUp;
    }

    /** Records one result; true when it changed the state. */
    boolean record(boolean success) {
        if (success == up) {
            streak = 0;
            return false;
        }
        if (++streak >= (success ? rise : fall)) {
            up = success;
            streak = 0;
            return true;
        }
        return false;
    }

    boolean up() {
        return up;
    }
}
