package io.ipvsdirector.admin;

import io.ipvsdirector.cluster.NodeState;
import io.ipvsdirector.config.RealServerConfig;
import io.ipvsdirector.config.VirtualServerConfig;
import io.ipvsdirector.health.RealServerRef;
import io.ipvsdirector.health.ServerVerdict;
import io.ipvsdirector.kernel.ipvs.Destination;
import io.ipvsdirector.kernel.ipvs.DestinationEntry;
import io.ipvsdirector.kernel.ipvs.IpvsSnapshot;
import io.ipvsdirector.kernel.ipvs.Stats;
import io.ipvsdirector.net.InetAddresses;
import io.ipvsdirector.net.ServiceKey;
import io.ipvsdirector.reconcile.PolicyPlan;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The /status document, a pure function of {@link StatusInputs}; docs/admin.md describes each field.
 * Real servers appear in configuration order, followed by those removed from the configuration that
 * are still draining ({@code configured: false}).
 */
public final class StatusJson {
    private StatusJson() {
    }

    public static JsonObject of(StatusInputs in) {
        NodeState self = in.self();
        JsonObject node = new JsonObject().put("name", self.name()).put("role", self.role().name())
                .put("priority", self.priority()).put("epoch", self.epoch()).put("reason", self.reason());
        JsonArray members = new JsonArray().add(member(self).put("self", true));
        in.peers().forEach(p -> members.add(member(p).put("self", false)));
        JsonObject cluster = new JsonObject().put("name", in.config().cluster().name())
                .put("standalone", in.config().cluster().standalone()).put("members", members)
                .put("authenticated", in.config().cluster().keyFile().isPresent());
        JsonArray intruders = new JsonArray();
        in.intruders().forEach(i -> intruders.add(new JsonObject().put("address", i.address()).put("claims", i.claims())
                .put("via", i.via()).put("first_seen", java.time.Instant.ofEpochMilli(i.firstSeenMillis()).toString())));
        cluster.put("intruders", intruders);
        JsonArray groups = new JsonArray();
        for (GroupStatus g : in.groups()) {
            groups.add(new JsonObject().put("name", g.name()).put("vip_groups", new JsonArray(g.vipGroups()))
                    .put("role", g.self().role().name()).put("priority", g.self().priority())
                    .put("epoch", g.self().epoch()).put("reason", g.self().reason())
                    .put("owner", g.owner().map(NodeState::name).orElse(null))
                    .put("owner_epoch", g.owner().map(NodeState::epoch).orElse(null)).put("held", g.held()));
        }
        JsonArray vips = new JsonArray();
        for (io.ipvsdirector.config.VipGroupConfig group : in.config().vipGroups()) {
            boolean held = in.groups().stream().filter(g -> g.vipGroups().contains(group.name())).findFirst()
                    .map(GroupStatus::held).orElse(in.vipsHeld());
            group.vips().forEach(v -> vips.add(new JsonObject().put("address", v.address().toString())
                    .put("interface", v.interfaceName()).put("label", v.label().orElse(null)).put("group", group.name())
                    .put("held", held)));
        }
        JsonArray services = new JsonArray();
        Map<ServiceKey, PolicyPlan.ServiceStatus> statuses = new HashMap<>();
        if (in.plan() != null) {
            in.plan().services().forEach(s -> statuses.put(s.key(), s));
        }
        Map<ServiceKey, IpvsSnapshot.Entry> kernel = new HashMap<>();
        if (in.kernel() != null) {
            in.kernel().services().forEach(e -> kernel.put(e.service().service().key(), e));
        }
        for (VirtualServerConfig vs : in.config().virtualServers()) {
            services.add(virtualServer(in, vs, Optional.ofNullable(statuses.get(vs.key())),
                    Optional.ofNullable(kernel.get(vs.key()))));
        }
        return new JsonObject().put("node", node).put("cluster", cluster).put("groups", groups).put("vips", vips)
                .put("virtual_servers", services).put("dry_run", in.dryRun());
    }

    private static JsonObject member(NodeState n) {
        return new JsonObject().put("name", n.name()).put("role", n.role().name()).put("priority", n.priority())
                .put("epoch", n.epoch()).put("reason", n.reason());
    }

    private static JsonObject virtualServer(StatusInputs in, VirtualServerConfig vs, Optional<PolicyPlan.ServiceStatus> status,
                                            Optional<IpvsSnapshot.Entry> kernel) {
        JsonObject quorum = new JsonObject().put("required", vs.quorum()).put("hysteresis", vs.hysteresis())
                .put("held", status.map(PolicyPlan.ServiceStatus::quorum).orElse(null))
                .put("live_weight", status.map(PolicyPlan.ServiceStatus::liveWeight).orElse(null))
                .put("sorry_server_in", status.map(PolicyPlan.ServiceStatus::sorryServerIn).orElse(false));
        Map<Destination.Key, DestinationEntry> dests = new HashMap<>();
        kernel.ifPresent(k -> k.destinations().forEach(d -> dests.put(d.destination().key(), d)));
        Map<RealServerConfig.Key, PolicyPlan.ServerStatus> servers = new HashMap<>();
        status.ifPresent(s -> s.servers().forEach(r -> servers.putIfAbsent(r.id().server(), r)));
        JsonArray real = new JsonArray();
        for (RealServerConfig rs : vs.realServers()) {
            ServerVerdict verdict = in.verdicts().get(RealServerRef.of(vs, rs));
            real.add(realServer(rs.key(), true, rs.weight(), Optional.ofNullable(servers.remove(rs.key())),
                    Optional.ofNullable(verdict), Optional.ofNullable(dests.get(new Destination.Key(rs.address(), rs.port())))));
        }
        // What is left: removed from the configuration, still draining.
        servers.forEach((key, s) -> real.add(realServer(key, false, s.configuredWeight(), Optional.of(s), Optional.empty(),
                Optional.ofNullable(dests.get(new Destination.Key(key.address(), key.port()))))));
        return new JsonObject().put("name", vs.name()).put("service", vs.key().toString())
                .put("scheduler", vs.scheduler()).put("forwarding", vs.forwarding().name().toLowerCase(Locale.ROOT))
                .put("in_kernel", kernel.isPresent())
                .put("quorum", quorum)
                .put("sorry_server", vs.sorryServer().map(s -> InetAddresses.toText(s.address(), s.port())).orElse(null))
                .put("kernel", kernel.map(k -> stats(k.service().stats64())).orElse(null))
                .put("real_servers", real);
    }

    private static JsonObject realServer(RealServerConfig.Key key, boolean configured, int configuredWeight,
                                         Optional<PolicyPlan.ServerStatus> status, Optional<ServerVerdict> verdict,
                                         Optional<DestinationEntry> kernel) {
        JsonObject check = verdict.map(v -> new JsonObject()
                .put("type", v.probe().spec().type().name().toLowerCase(Locale.ROOT))
                .put("target", v.probe().endpoint())
                .put("verdict", v.verdict().name())
                .put("decided", v.decided())
                .put("last_result", v.reason())
                .put("latency_ms", v.latency().toNanos() / 1e6)
                .put("weight", v.weight().orElse(null))
                .put("drain", v.drain())).orElse(null);
        JsonObject k = kernel.map(d -> stats(d.stats64())
                .put("weight", d.destination().weight())
                .put("active_connections", d.activeConnections())
                .put("inactive_connections", d.inactiveConnections())
                .put("persistent_connections", d.persistentConnections())).orElse(null);
        return new JsonObject()
                .put("address", key.toString())
                .put("configured", configured)
                .put("state", status.map(PolicyPlan.ServerStatus::state).orElse("unknown"))
                .put("verdict", verdict.map(v -> v.verdict().name()).orElse(null))
                .put("reason", status.map(PolicyPlan.ServerStatus::reason).orElse(verdict.map(ServerVerdict::reason).orElse(null)))
                .put("configured_weight", configuredWeight)
                .put("desired_weight", status.flatMap(PolicyPlan.ServerStatus::weight).orElse(null))
                .put("weight", kernel.map(d -> d.destination().weight()).orElse(null))
                .put("draining", status.map(PolicyPlan.ServerStatus::draining).orElse(false))
                .put("check", check)
                .put("kernel", k);
    }

    private static JsonObject stats(Stats s) {
        return new JsonObject().put("connections", s.connections()).put("in_packets", s.inPackets())
                .put("out_packets", s.outPackets()).put("in_bytes", s.inBytes()).put("out_bytes", s.outBytes())
                .put("connection_rate", s.connectionRate()).put("in_byte_rate", s.inByteRate())
                .put("out_byte_rate", s.outByteRate());
    }
}
