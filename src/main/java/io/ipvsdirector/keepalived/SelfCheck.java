package io.ipvsdirector.keepalived;

import io.ipvsdirector.config.ConfigException;
import io.ipvsdirector.config.ConfigLoader;
import io.ipvsdirector.config.ConfigProblem;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads the written YAML through the product's own {@link ConfigLoader}, and takes out each part it refuses
 * (a real server, a virtual server, a VIP, a track script, the cluster, the sync daemon), with a finding at
 * the keepalived line it came from, until the output is valid. So the output always passes check-config.
 */
final class SelfCheck {
    private static final Pattern INDEX = Pattern.compile("^([a-z_.]+)\\[(\\d+)](?:\\.real_servers\\[(\\d+)])?.*");
    private static final Pattern GROUP = Pattern.compile("^vip_groups\\[(\\d+)]\\.(vips\\[(\\d+)]|track).*");
    private static final int MAX_ROUNDS = 200;

    private SelfCheck() {
    }

    /** The valid configuration and its YAML. */
    record Checked(Target.Config config, String yaml) {
    }

    static Checked check(Target.Config initial, Path output, Report report) {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                .setMaxEventLoopExecuteTime(5).setMaxEventLoopExecuteTimeUnit(TimeUnit.MINUTES));
        try {
            Target.Config c = initial;
            for (int round = 0; round < MAX_ROUNDS; round++) {
                String yaml = YamlWriter.write(c);
                Optional<List<ConfigProblem>> problems = problems(vertx, output, yaml);
                if (problems.isEmpty()) {
                    return new Checked(c, yaml);
                }
                // Take out the first refused part only: indexes of later problems shift with it.
                c = without(c, problems.get().get(0), report);
            }
            throw new IllegalStateException("the converted configuration did not become valid");
        } finally {
            vertx.close();
        }
    }

    private static Optional<List<ConfigProblem>> problems(Vertx vertx, Path output, String yaml) {
        try {
            ConfigLoader.load(vertx, output, Buffer.buffer(yaml)).await();
            return Optional.empty();
        } catch (Exception e) {
            if (e instanceof ConfigException ce) {
                return Optional.of(ce.problems());
            }
            if (e.getCause() instanceof ConfigException ce) {
                return Optional.of(ce.problems());
            }
            throw new IllegalStateException(e);
        }
    }

    /** A refused VIP ({@code vipIndex}) or track of the group at {@code index} of vip_groups. */
    private static Target.Config withoutInGroup(Target.Config c, int index, String vipIndex, String why, Report report) {
        List<Target.VrrpGroup> groups = new ArrayList<>(c.groups());
        Target.VrrpGroup group = groups.get(index);
        if (vipIndex != null) {
            List<Target.Vip> vips = new ArrayList<>(group.vips());
            report.dropped(vips.get(Integer.parseInt(vipIndex)).pos(), "virtual_ipaddress", why);
            vips.remove(Integer.parseInt(vipIndex));
            groups.set(index, group.withVips(vips));
        } else {
            report.dropped(group.pos(), "track_interface", why);
            groups.set(index, group.withoutTrack());
        }
        return c.withGroups(groups);
    }

    private static Target.Config without(Target.Config c, ConfigProblem p, Report report) {
        String why = "this director refuses it (" + p.path() + ": " + p.message() + "); left out";
        Matcher m = INDEX.matcher(p.path());
        if (m.matches() && m.group(1).equals("virtual_servers")) {
            int i = Integer.parseInt(m.group(2));
            List<Target.VirtualServer> vs = new ArrayList<>(c.virtualServers());
            Target.VirtualServer v = vs.get(i);
            if (m.group(3) != null) {
                int j = Integer.parseInt(m.group(3));
                List<Target.RealServer> rs = new ArrayList<>(v.realServers());
                report.dropped(rs.get(j).pos(), "real_server", why);
                rs.remove(j);
                vs.set(i, new Target.VirtualServer(v.pos(), v.address(), v.port(), v.protocol(), v.fwmark(), v.family(),
                        v.scheduler(), v.flags(), v.forwarding(), v.tunnel(), v.persistenceTimeout(), v.persistenceNetmask(),
                        v.persistenceEngine(), v.zeroWeight(), v.quorum(), v.hysteresis(), v.sorry(), rs, v.comments()));
            } else {
                report.dropped(v.pos(), "virtual_server", why);
                vs.remove(i);
            }
            return c.withVirtualServers(vs);
        }
        if (m.matches() && m.group(1).equals("vips")) {
            int i = Integer.parseInt(m.group(2));
            report.dropped(VipMerge.vips(c).get(i).pos(), "virtual_ipaddress", why);
            return VipMerge.withoutVip(c, i);
        }
        Matcher g = GROUP.matcher(p.path());
        if (g.matches()) {
            return withoutInGroup(c, Integer.parseInt(g.group(1)), g.group(3), why, report);
        }
        if (p.path().startsWith("sync_groups") && !c.syncGroups().isEmpty()) {
            c.syncGroups().forEach(s -> report.dropped(s.pos(), "vrrp_sync_group", why));
            return c.withSyncGroups(List.of());
        }
        if (m.matches() && m.group(1).equals("track.scripts")) {
            int i = Integer.parseInt(m.group(2));
            List<Target.TrackScript> s = new ArrayList<>(c.track().scripts());
            report.dropped(s.get(i).pos(), "vrrp_script", why);
            s.remove(i);
            return c.withTrack(new Target.Track(c.track().interfaces(), s));
        }
        SourcePos top = c.groups().stream().filter(Target.VrrpGroup::chosen).map(Target.VrrpGroup::pos).findFirst()
                .orElse(c.origin());
        if (p.path().startsWith("track")) {
            report.dropped(top, "track_interface", why);
            return c.withTrack(new Target.Track(List.of(), c.track().scripts()));
        }
        if (p.path().startsWith("cluster") && c.cluster().isPresent()) {
            report.dropped(c.cluster().get().pos(), "unicast_peer", why);
            return c.withCluster(Optional.empty());
        }
        if (p.path().startsWith("sync_daemon") && c.syncDaemon().isPresent()) {
            report.dropped(c.syncDaemon().get().pos(), "lvs_sync_daemon", why);
            return c.withSyncDaemon(Optional.empty());
        }
        if (p.path().startsWith("node")) {
            report.dropped(top, "priority", why);
            Target.Node n = c.node();
            return c.withNode(new Target.Node(n.name(), n.nameFrom(), Optional.empty(), Optional.empty(), Optional.empty()));
        }
        if (!c.virtualServers().isEmpty()) {
            // A problem the importer cannot place: take out the last virtual server rather than write an invalid file.
            List<Target.VirtualServer> vs = new ArrayList<>(c.virtualServers());
            report.dropped(vs.get(vs.size() - 1).pos(), "virtual_server", why);
            vs.remove(vs.size() - 1);
            return c.withVirtualServers(vs);
        }
        throw new IllegalStateException("the converted configuration is refused: " + p.path() + ": " + p.message());
    }
}
