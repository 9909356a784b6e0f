package io.ipvsdirector.reconcile;

import io.ipvsdirector.config.ConfigDiff;
import io.ipvsdirector.config.DirectorConfig;
import io.ipvsdirector.config.Forwarding;
import io.ipvsdirector.config.OnFailure;
import io.ipvsdirector.config.RealServerConfig;
import io.ipvsdirector.config.SorryServer;
import io.ipvsdirector.config.VirtualServerConfig;
import io.ipvsdirector.kernel.ipvs.Destination;
import io.ipvsdirector.kernel.ipvs.DestinationEntry;
import io.ipvsdirector.kernel.ipvs.ForwardingMethod;
import io.ipvsdirector.kernel.ipvs.IpvsSnapshot;
import io.ipvsdirector.kernel.ipvs.Service;
import io.ipvsdirector.net.Protocol;
import io.ipvsdirector.net.ServiceKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the kernel's IPVS table should be, from the configuration, the health verdicts and the
 * kernel's connection counters: pure policy, no I/O; the caller passes the clock and applies the
 * result through the reconcile mechanism.
 *
 * <ul>
 *   <li>A DOWN real server is removed, or kept at weight 0 with {@code on_failure: zero-weight}.</li>
 *   <li>An UP one has its configured weight, or the weight its check decided (exec, file); with
 *       {@code slow_start} a recovered one climbs to it in four steps.</li>
 *   <li>A server being drained (removed from the configuration, drained by the operator, or a
 *       check that says "drain") stays at weight 0 until its active and inactive connections are
 *       gone or {@code drain_timeout} passes, then leaves the table; UDP ones leave at once.</li>
 *   <li>Below {@code quorum} live weight (with {@code hysteresis}) the sorry server takes the place
 *       of every real server, as keepalived does; when the quorum is back, the reverse.</li>
 *   <li>A real server found in the kernel at start keeps its place and weight until its own checks
 *       decide, so that a restarted director sends no operation and drops no connection.</li>
 * </ul>
 */
public final class DirectorPolicy {
    /** Slow start climbs in this many equal steps. */
    static final int SLOW_START_STEPS = 4;

    /** One real server of one virtual service. */
    public record ServerId(ServiceKey service, RealServerConfig.Key server) {
        @Override
        public String toString() {
            return service + " rs " + server;
        }
    }

    /** What the checks say of a real server (decided: rise or fall reached since it was new). */
    public record Health(boolean up, boolean decided, Optional<Integer> weight, boolean drain, String reason) {
    }

    /** Something an operator is told of: a quorum lost or regained, a drain started or finished. */
    public record Notice(String type, String subject, String state, String message) {
    }

    private DirectorConfig config;
    private final Map<ServerId, Health> health = new HashMap<>();
    private final Map<ServerId, Integer> adopted = new HashMap<>();
    private final Map<ServerId, Long> upSince = new HashMap<>();
    private final Map<ServerId, Drain> drains = new LinkedHashMap<>();
    private final Map<ServiceKey, Service> retired = new LinkedHashMap<>();
    private final Map<ServiceKey, Boolean> quorum = new HashMap<>();
    private final List<Notice> notices = new ArrayList<>();
    private Map<ServiceKey, Map<Destination.Key, DestinationEntry>> counters = Map.of();

    public DirectorPolicy(DirectorConfig config) {
        this.config = config;
    }

    public DirectorConfig config() {
        return config;
    }

    /** At start: real servers already in the kernel keep their place and weight until their checks decide. */
    public void adopt(IpvsSnapshot snapshot) {
        kernel(snapshot);
        for (VirtualServerConfig vs : config.virtualServers()) {
            Map<Destination.Key, DestinationEntry> present = counters.getOrDefault(vs.key(), Map.of());
            for (RealServerConfig rs : vs.realServers()) {
                DestinationEntry d = present.get(new Destination.Key(rs.address(), rs.port()));
                if (d != null) {
                    adopted.put(new ServerId(vs.key(), rs.key()), d.destination().weight());
                }
            }
        }
    }

    /** The kernel's latest connection counters, which decide when a drain is over. */
    public void kernel(IpvsSnapshot snapshot) {
        Map<ServiceKey, Map<Destination.Key, DestinationEntry>> next = new HashMap<>();
        for (IpvsSnapshot.Entry e : snapshot.services()) {
            Map<Destination.Key, DestinationEntry> byKey = new HashMap<>();
            e.destinations().forEach(d -> byKey.put(d.destination().key(), d));
            next.put(e.service().service().key(), byKey);
        }
        counters = next;
    }

    /** A verdict of the checks. Returns true when it changes what the table should be. */
    public boolean health(ServerId id, Health h, long now) {
        Health before = health.put(id, h);
        if (h.decided()) {
            Integer wasAdopted = adopted.remove(id);
            boolean recovered = h.up() && (before == null || !before.up() || !before.decided()) && wasAdopted == null;
            if (recovered) {
                upSince.put(id, now);
            } else if (!h.up()) {
                upSince.remove(id);
            }
        }
        if (h.drain() && !drains.containsKey(id)) {
            startDrain(id, Drain.Cause.CHECK, now);
        } else if (!h.drain() && drains.containsKey(id) && drains.get(id).cause() == Drain.Cause.CHECK) {
            drains.remove(id);
        }
        return !h.equals(before);
    }

    /** The operator drains a real server: weight 0 until its connections end, then out until undrained. */
    public boolean drain(ServerId id, long now) {
        if (serverConfig(id).isEmpty()) {
            return false;
        }
        Drain d = drains.get(id);
        if (d == null || d.cause() != Drain.Cause.OPERATOR) {
            startDrain(id, Drain.Cause.OPERATOR, now);
        }
        return true;
    }

    public boolean undrain(ServerId id) {
        Drain d = drains.get(id);
        if (d != null && d.cause() == Drain.Cause.OPERATOR) {
            drains.remove(id);
            notices.add(new Notice("drain", id.toString(), "undrained", "rs " + id.server() + " of " + id.service()
                    + " is back in service"));
            return true;
        }
        return false;
    }

    /** A new configuration: what it no longer has drains out; the rest keeps its state. */
    public void reload(DirectorConfig next, ConfigDiff diff, long now) {
        for (VirtualServerConfig gone : diff.virtualServersRemoved()) {
            if (gone.key().isFwmark() || gone.key().protocol() != Protocol.UDP) {
                retired.put(gone.key(), DesiredTable.service(gone));
            }
            gone.realServers().forEach(rs -> retire(gone, rs, now));
        }
        for (ConfigDiff.VirtualServerChange change : diff.virtualServersChanged()) {
            change.realServersRemoved().forEach(rs -> retire(change.before(), rs, now));
        }
        config = next;
    }

    private void retire(VirtualServerConfig vs, RealServerConfig rs, long now) {
        ServerId id = new ServerId(vs.key(), rs.key());
        health.remove(id);
        adopted.remove(id);
        upSince.remove(id);
        drains.remove(id);
        if (!vs.key().isFwmark() && vs.key().protocol() == Protocol.UDP) {
            return; // UDP has no connections to wait for: it leaves at once
        }
        drains.put(id, new Drain(Drain.Cause.REMOVED, now, vs.drainTimeout(),
                Optional.of(DesiredTable.destination(rs).withWeight(0)), false));
        notices.add(new Notice("drain", id.toString(), "draining", "rs " + rs + " of " + vs + " removed from the"
                + " configuration: weight 0 until its connections end (at most " + vs.drainTimeout().toSeconds() + " s)"));
    }

    private void startDrain(ServerId id, Drain.Cause cause, long now) {
        VirtualServerConfig vs = virtualServer(id.service()).orElseThrow();
        drains.put(id, new Drain(cause, now, vs.drainTimeout(), Optional.empty(), false));
        notices.add(new Notice("drain", id.toString(), "draining", "rs " + id.server() + " of " + vs + " draining ("
                + cause.words + "): weight 0 until its connections end (at most " + vs.drainTimeout().toSeconds() + " s)"));
    }

    /** True while some drain waits for connections to end: the caller should refresh the counters. */
    public boolean draining() {
        return drains.values().stream().anyMatch(d -> !d.finished());
    }

    /** What happened since the last call. */
    public List<Notice> takeNotices() {
        List<Notice> out = List.copyOf(notices);
        notices.clear();
        return out;
    }

    /** The desired table now, with the status behind it. Records quorum changes and finished drains. */
    public PolicyPlan plan(long now) {
        finishDrains(now);
        List<Table.Entry> entries = new ArrayList<>();
        List<PolicyPlan.ServiceStatus> statuses = new ArrayList<>();
        long[] wake = {Long.MAX_VALUE};
        for (VirtualServerConfig vs : config.virtualServers()) {
            List<Destination> destinations = new ArrayList<>();
            List<PolicyPlan.ServerStatus> servers = new ArrayList<>();
            int live = 0;
            for (RealServerConfig rs : vs.realServers()) {
                ServerId id = new ServerId(vs.key(), rs.key());
                ServerDecision d = decide(vs, rs, id, now, wake);
                d.destination().ifPresent(destinations::add);
                live += d.liveWeight();
                servers.add(d.status());
            }
            drains.forEach((id, drain) -> drain.definition().filter(x -> id.service().equals(vs.key()) && !drain.finished())
                    .ifPresent(def -> {
                        destinations.add(def);
                        servers.add(PolicyPlan.ServerStatus.draining(id, 0, "removed from the configuration"));
                    }));
            boolean held = quorumHeld(vs, live);
            Optional<SorryServer> sorry = vs.sorryServer().filter(s -> !held);
            List<Destination> table = sorry.map(s -> List.of(sorryDestination(s))).orElse(destinations);
            entries.add(Table.Entry.of(DesiredTable.service(vs), table));
            statuses.add(new PolicyPlan.ServiceStatus(vs.name(), vs.key(), held, live, sorry.isPresent(), servers));
        }
        retired.forEach((key, service) -> {
            List<Destination> left = new ArrayList<>();
            drains.forEach((id, drain) -> drain.definition().filter(x -> id.service().equals(key) && !drain.finished())
                    .ifPresent(left::add));
            entries.add(Table.Entry.of(service, left));
        });
        drains.values().stream().filter(d -> !d.finished())
                .forEach(d -> wake[0] = Math.min(wake[0], d.since() + d.timeout().toNanos()));
        return new PolicyPlan(Table.of(entries), statuses, wake[0]);
    }

    private record ServerDecision(Optional<Destination> destination, int liveWeight, PolicyPlan.ServerStatus status) {
    }

    private ServerDecision decide(VirtualServerConfig vs, RealServerConfig rs, ServerId id, long now, long[] wake) {
        Destination base = DesiredTable.destination(rs);
        Health h = health.get(id);
        String reason = h == null ? "not checked yet" : h.reason();
        Drain drain = drains.get(id);
        if (drain != null) {
            return drain.finished()
                    ? new ServerDecision(Optional.empty(), 0, PolicyPlan.ServerStatus.out(id, rs.weight(), "drained (" + drain.cause().words + ")"))
                    : new ServerDecision(Optional.of(base.withWeight(0)), 0,
                            PolicyPlan.ServerStatus.draining(id, rs.weight(), drain.cause().words));
        }
        if (h == null || !h.decided()) {
            Integer kept = adopted.get(id);
            if (kept != null) {
                return new ServerDecision(Optional.of(base.withWeight(kept)), kept,
                        PolicyPlan.ServerStatus.up(id, rs.weight(), kept, "found in the kernel; " + reason));
            }
            if (h == null || !h.up()) {
                return down(vs, base, id, rs, reason);
            }
        } else if (!h.up()) {
            return down(vs, base, id, rs, reason);
        }
        int target = h.weight().orElse(rs.weight());
        int weight = slowStart(vs, id, target, now, wake);
        return new ServerDecision(Optional.of(base.withWeight(weight)), target,
                PolicyPlan.ServerStatus.up(id, rs.weight(), weight, weight < target ? "slow start; " + reason : reason));
    }

    private static ServerDecision down(VirtualServerConfig vs, Destination base, ServerId id, RealServerConfig rs, String reason) {
        boolean keep = vs.onFailure() == OnFailure.ZERO_WEIGHT;
        return new ServerDecision(keep ? Optional.of(base.withWeight(0)) : Optional.empty(), 0,
                PolicyPlan.ServerStatus.down(id, rs.weight(), keep, reason));
    }

    private int slowStart(VirtualServerConfig vs, ServerId id, int target, long now, long[] wake) {
        Long since = upSince.get(id);
        Duration ramp = vs.slowStart();
        if (since == null || ramp.isZero() || target == 0) {
            return target;
        }
        long step = ramp.toNanos() / SLOW_START_STEPS;
        long elapsed = now - since;
        if (elapsed >= ramp.toNanos()) {
            upSince.remove(id);
            return target;
        }
        long reached = elapsed / step + 1;
        wake[0] = Math.min(wake[0], since + reached * step);
        return (int) Math.max(1, Math.round(target * (double) reached / SLOW_START_STEPS));
    }

    private boolean quorumHeld(VirtualServerConfig vs, int live) {
        if (vs.quorum() == 0) {
            return true;
        }
        Boolean before = quorum.get(vs.key());
        boolean held = before == null ? live >= vs.quorum()
                : before ? live >= vs.quorum() - vs.hysteresis() : live >= vs.quorum() + vs.hysteresis();
        if (before != null && held != before) {
            notices.add(new Notice("quorum", vs.name(), held ? "regained" : "lost", "vs " + vs + " quorum "
                    + (held ? "regained" : "lost") + ": live weight " + live + ", quorum " + vs.quorum()
                    + (vs.hysteresis() > 0 ? " ± " + vs.hysteresis() : "")
                    + vs.sorryServer().map(s -> held ? ", sorry server " + s.address().getHostAddress() + " out"
                            : ", sorry server " + s.address().getHostAddress() + " in").orElse("")));
        }
        quorum.put(vs.key(), held);
        return held;
    }

    private static Destination sorryDestination(SorryServer s) {
        ForwardingMethod method = s.forwarding() == Forwarding.NAT ? ForwardingMethod.MASQ
                : s.forwarding() == Forwarding.DR ? ForwardingMethod.DROUTE : ForwardingMethod.TUNNEL;
        return Destination.of(s.address(), s.port(), method, 1);
    }

    private void finishDrains(long now) {
        for (Map.Entry<ServerId, Drain> e : new ArrayList<>(drains.entrySet())) {
            Drain d = e.getValue();
            if (d.finished()) {
                continue;
            }
            DestinationEntry k = counters.getOrDefault(e.getKey().service(), Map.of())
                    .get(new Destination.Key(e.getKey().server().address(), e.getKey().server().port()));
            int connections = k == null ? 0 : k.activeConnections() + k.inactiveConnections();
            boolean timedOut = now - d.since() >= d.timeout().toNanos();
            if (connections == 0 || timedOut) {
                String how = connections == 0 ? "no connections left" : "drain_timeout passed with " + connections + " connection(s)";
                notices.add(new Notice("drain", e.getKey().toString(), "drained", "rs " + e.getKey().server() + " of "
                        + e.getKey().service() + " drained: " + how));
                if (d.cause() == Drain.Cause.REMOVED) {
                    drains.remove(e.getKey());
                } else {
                    drains.put(e.getKey(), d.done());
                }
            }
        }
        retired.keySet().removeIf(key -> drains.keySet().stream().noneMatch(id -> id.service().equals(key)));
    }

    private Optional<VirtualServerConfig> virtualServer(ServiceKey key) {
        return config.virtualServers().stream().filter(vs -> vs.key().equals(key)).findFirst();
    }

    private Optional<RealServerConfig> serverConfig(ServerId id) {
        return virtualServer(id.service()).flatMap(vs -> vs.realServers().stream()
                .filter(rs -> rs.key().equals(id.server())).findFirst());
    }

    /** A server on its way out of the table. */
    record Drain(Cause cause, long since, Duration timeout, Optional<Destination> definition, boolean finished) {
        enum Cause {
            REMOVED("removed from the configuration"), OPERATOR("drained by the operator"), CHECK("its check says drain");

            final String words;

            Cause(String words) {
                this.words = words;
            }
        }

        Drain done() {
            return new Drain(cause, since, timeout, definition, true);
        }
    }
}
