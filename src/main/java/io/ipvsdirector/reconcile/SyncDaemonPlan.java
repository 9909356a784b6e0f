package io.ipvsdirector.reconcile;

import io.ipvsdirector.config.SyncDaemonConfig;
import io.ipvsdirector.kernel.ipvs.SyncDaemon;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What to do with the kernel's connection-sync daemons so that the ACTIVE director sends its
 * connections (master) and every other director receives them (backup): stop first, then start.
 * With one election group, one daemon runs at a time, as in keepalived: a director that becomes
 * ACTIVE stops receiving, so it never takes its own connections back from a peer that still thinks
 * it is master. With several (active/active) every director receives always, the peers' groups'
 * connections, and also sends while it is ACTIVE for any group: the kernel runs both at once, and
 * a master does not loop its own multicast back to its backup.
 *
 * @param stop  the states of running daemons to stop, in order
 * @param start the daemons to start afterwards, in order
 */
public record SyncDaemonPlan(List<SyncDaemon.State> stop, List<SyncDaemon> start) {
    public SyncDaemonPlan {
        stop = List.copyOf(stop);
        start = List.copyOf(start);
    }

    /** A plan that starts at most one daemon (one election group). */
    public SyncDaemonPlan(List<SyncDaemon.State> stop, Optional<SyncDaemon> start) {
        this(stop, start.stream().toList());
    }

    public boolean isEmpty() {
        return stop.isEmpty() && start.isEmpty();
    }

    /** With one election group: see {@link #of(Optional, boolean, boolean, List, Set)}. */
    public static SyncDaemonPlan of(Optional<SyncDaemonConfig> config, boolean active, List<SyncDaemon> running,
                                    Set<SyncDaemon.State> started) {
        return of(config, active, false, running, started);
    }

    /**
     * @param config       the configured sync daemon; empty: none is wanted
     * @param active       whether this director is ACTIVE (for any group)
     * @param activeActive whether it is elected in several groups: the backup then runs always
     * @param running      the daemons the kernel runs now
     * @param started      the states this director started itself. With a configuration the director
     *                     owns both daemons; without one it stops only those it started (the section
     *                     was removed by a reload) and leaves an operator's own daemons alone.
     */
    public static SyncDaemonPlan of(Optional<SyncDaemonConfig> config, boolean active, boolean activeActive,
                                    List<SyncDaemon> running, Set<SyncDaemon.State> started) {
        List<SyncDaemon> wanted = new ArrayList<>();
        config.ifPresent(c -> {
            if (activeActive || !active) {
                wanted.add(daemon(c, SyncDaemon.State.BACKUP));
            }
            if (active) {
                wanted.add(daemon(c, SyncDaemon.State.MASTER));
            }
        });
        List<SyncDaemon.State> stop = new ArrayList<>();
        List<SyncDaemon> start = new ArrayList<>(wanted);
        for (SyncDaemon r : running) {
            boolean ours = config.isPresent() || started.contains(r.state());
            boolean isWanted = wanted.stream().anyMatch(w -> matches(r, w));
            start.removeIf(w -> matches(r, w));
            if (ours && !isWanted) {
                stop.add(r.state());
            }
        }
        return new SyncDaemonPlan(stop, start);
    }

    /** The daemon a configuration asks for, in the given state. */
    public static SyncDaemon daemon(SyncDaemonConfig c, SyncDaemon.State state) {
        return new SyncDaemon(state, c.interfaceName(), c.syncId(), c.maxLength(), c.group(), c.port(), c.ttl());
    }

    /**
     * The kernel reports its defaults for options that were left out (port 8848, ttl 1, its
     * multicast group), so only the options the configuration sets are compared.
     */
    static boolean matches(SyncDaemon running, SyncDaemon wanted) {
        return running.state() == wanted.state() && running.interfaceName().equals(wanted.interfaceName())
                && running.syncId() == wanted.syncId()
                && (wanted.maxLength().isEmpty() || wanted.maxLength().equals(running.maxLength()))
                && (wanted.group().isEmpty() || wanted.group().equals(running.group()))
                && (wanted.port().isEmpty() || wanted.port().equals(running.port()))
                && (wanted.ttl().isEmpty() || wanted.ttl().equals(running.ttl()));
    }

    /** One line for the log: {@code master sync daemon on eth1 sync_id 51}. */
    public static String describe(SyncDaemon d) {
        return d.state().name().toLowerCase(java.util.Locale.ROOT) + " sync daemon on " + d.interfaceName() + " sync_id "
                + d.syncId();
    }
}
