package io.ipvsdirector.ha;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every add and delete of the lab's VIPs on every director, from the namespaces themselves: one
 * {@code ip -n NS -ts monitor address} per director, each event stamped by ip(8) as it arrives.
 * Started before the directors, so the picture begins empty and misses nothing. The test's own marks (a director killed,
 * restarted) join the events on one timeline, which answers who held what at any moment:
 * <ul>
 * <li>a killed director is not counted (its addresses stay on its interface, as nobody removes
 *     them until it starts again: an artefact of the lab, a crashed host answers for nothing);</li>
 * <li>a restarted one counts again from the moment it holds none of the VIPs (its start-up removed
 *     what the killed run left).</li>
 * </ul>
 */
final class GroupWatch implements AutoCloseable {
    /** Two monitor processes can disagree by this much on a loaded machine. */
    static final long SKEW_MILLIS = 50;

    /** The VIP {@code vip} was added on (or deleted from) {@code host}'s interfaces at {@code millis}. */
    record Event(long millis, String host, String vip, boolean added) {
        @Override
        public String toString() {
            return OwnershipMonitor.clock(millis) + " " + host + (added ? " +" : " -") + vip;
        }
    }

    /** The test killed ({@code dead}) or restarted {@code host} at {@code millis}. */
    private record Mark(long millis, String host, boolean dead) {
    }

    private final List<String> vips;
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<Mark> marks = new CopyOnWriteArrayList<>();
    private final List<Process> monitors = new ArrayList<>();

    /** @param vips the addresses watched, without prefix length */
    GroupWatch(List<String> vips) {
        this.vips = List.copyOf(vips);
    }

    /** Starts watching {@code host}'s namespace {@code ns}, before its director starts. */
    void watch(String host, String ns) throws IOException {
        Process p = new ProcessBuilder("ip", "-n", ns, "-ts", "monitor", "address").redirectErrorStream(true).start();
        monitors.add(p);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    for (String vip : vips) {
                        if (line.startsWith("[") && line.contains(" " + vip + "/32 ")) {
                            events.add(new Event(stamp(line), host, vip, !line.contains("] Deleted ")));
                        }
                    }
                }
            } catch (IOException e) {
                // the monitor was stopped
            }
        }, "group-watch-" + host);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * The time ip(8) stamped on the line ({@code [2026-12-06T06:56:57.259123] ...}), read as it received
     * the kernel's message: on a loaded machine the reading thread can lag hundreds of ms behind.
     */
    static long stamp(String line) {
        return LocalDateTime.parse(line.substring(1, line.indexOf(']'))).atZone(ZoneId.systemDefault()).toInstant()
                .toEpochMilli();
    }

    void killed(String host) {
        marks.add(new Mark(System.currentTimeMillis(), host, true));
    }

    void restarted(String host) {
        marks.add(new Mark(System.currentTimeMillis(), host, false));
    }

    /** The counted directors holding {@code vip} now, sorted. */
    List<String> holders(String vip) {
        return List.copyOf(replay((at, held) -> { }).getOrDefault(vip, new TreeSet<>()));
    }

    /** Each counted director's VIPs now. */
    Map<String, Set<String>> holdings() {
        Map<String, Set<String>> out = new HashMap<>();
        replay((at, held) -> { }).forEach((vip, hosts) ->
                hosts.forEach(h -> out.computeIfAbsent(h, k -> new TreeSet<>()).add(vip)));
        return out;
    }

    /** Every event from {@code since} on, in time order. */
    List<Event> since(long since) {
        return events.stream().filter(e -> e.millis() >= since).sorted(Comparator.comparingLong(Event::millis)).toList();
    }

    /** {@code who} held the VIPs of {@code what} together from {@code from} to {@code to} (now, if still). */
    record Overlap(String what, String who, long from, long to) {
        @Override
        public String toString() {
            return what + " held by " + who + " together for " + (to - from) + " ms from " + OwnershipMonitor.clock(from);
        }
    }

    /**
     * Every moment when more than one counted director held VIPs of {@code together} (one VIP: two
     * owners; a sync group's VIPs: a split or two owners) for longer than {@link #SKEW_MILLIS}.
     */
    List<Overlap> overlaps(String what, Collection<String> together) {
        List<Overlap> out = new ArrayList<>();
        long[] since = {-1};
        String[] who = {""};
        replay((at, held) -> {
            Set<String> hosts = new TreeSet<>();
            together.forEach(v -> hosts.addAll(held.getOrDefault(v, Set.of())));
            if (hosts.size() > 1 && since[0] < 0) {
                since[0] = at;
                who[0] = String.join(" and ", hosts);
            } else if (hosts.size() <= 1 && since[0] >= 0) {
                if (at - since[0] > SKEW_MILLIS) {
                    out.add(new Overlap(what, who[0], since[0], at));
                }
                since[0] = -1;
            }
        });
        long now = System.currentTimeMillis();
        if (since[0] >= 0 && now - since[0] > SKEW_MILLIS) {
            out.add(new Overlap(what, who[0], since[0], now));
        }
        return out;
    }

    /** What a step of the timeline leaves: when, and each VIP's counted holders. */
    private interface Step {
        void after(long millis, Map<String, Set<String>> held);
    }

    /** Replays the events and marks so far; returns each VIP's counted holders now. */
    private Map<String, Set<String>> replay(Step step) {
        List<Object> timeline = new ArrayList<>(events);
        timeline.addAll(marks);
        timeline.sort(Comparator.comparingLong(o -> o instanceof Event e ? e.millis() : ((Mark) o).millis()));
        Map<String, Set<String>> on = new HashMap<>();
        Set<String> away = new HashSet<>();
        Set<String> returning = new HashSet<>();
        Map<String, Set<String>> held = Map.of();
        for (Object o : timeline) {
            long at;
            if (o instanceof Event e) {
                at = e.millis();
                Set<String> mine = on.computeIfAbsent(e.host(), k -> new HashSet<>());
                if (e.added()) {
                    mine.add(e.vip());
                } else {
                    mine.remove(e.vip());
                }
            } else {
                Mark m = (Mark) o;
                at = m.millis();
                if (m.dead()) {
                    away.add(m.host());
                    returning.remove(m.host());
                } else {
                    returning.add(m.host());
                }
            }
            for (String h : List.copyOf(returning)) {
                if (on.getOrDefault(h, Set.of()).isEmpty()) {
                    returning.remove(h);
                    away.remove(h);
                }
            }
            held = new HashMap<>();
            for (Map.Entry<String, Set<String>> h : on.entrySet()) {
                if (!away.contains(h.getKey())) {
                    for (String vip : h.getValue()) {
                        held.computeIfAbsent(vip, k -> new TreeSet<>()).add(h.getKey());
                    }
                }
            }
            step.after(at, held);
        }
        return held;
    }

    @Override
    public void close() {
        monitors.forEach(Process::destroy);
    }
}
