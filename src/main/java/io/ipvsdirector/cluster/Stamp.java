package io.ipvsdirector.cluster;

/**
 * Where a message stands in its sender's history: the run (when it started, then its random
 * identity) and the message's number in that run. A later stamp is newer news, whichever way (beacon
 * or map) it came: a restarted director's first message is newer than anything of its last run.
 */
record Stamp(long startedMillis, long incarnation, long counter) implements Comparable<Stamp> {
    static Stamp of(ClusterMessage m) {
        return new Stamp(m.startedMillis(), m.incarnation(), m.counter());
    }

    @Override
    public int compareTo(Stamp o) {
        int c = Long.compare(startedMillis, o.startedMillis);
        if (c == 0) {
            c = Long.compare(incarnation, o.incarnation);
        }
        return c != 0 ? c : Long.compare(counter, o.counter);
    }
}
