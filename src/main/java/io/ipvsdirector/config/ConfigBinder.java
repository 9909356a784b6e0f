package io.ipvsdirector.config;

import io.ipvsdirector.net.HostPort;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns the parsed YAML tree into a {@link DirectorConfig}, or reports every problem of the file at once.
 * Relative paths in the file are taken from the directory of the file.
 */
public final class ConfigBinder {
    public static final HostPort DEFAULT_ADMIN = HostPort.parse("127.0.0.1:9180");
    public static final Path DEFAULT_EVENTS = Path.of("/run/ipvs-director/events.jsonl");

    private ConfigBinder() {
    }

    public static DirectorConfig bind(String file, Path baseDir, JsonObject root) throws ConfigException {
        Problems problems = new Problems();
        Section top = new Section("", root, problems);
        HaBinder ha = new HaBinder();
        Section nodeSection = top.objectOrEmpty("node");
        NodeConfig node = ha.node(nodeSection);
        ClusterConfig cluster = ha.cluster(top.objectOrEmpty("cluster"), baseDir);
        VipGroupBinder groupBinder = new VipGroupBinder(ha);
        List<VipConfig> topLevelVips = groupBinder.topLevelVips(top);
        AnnounceConfig announce = ha.announce(top.objectOrEmpty("announce"), HaBinder.DEFAULT_ANNOUNCE);
        TrackConfig track = ha.track(top.objectOrEmpty("track"));
        boolean explicitGroups = top.has("vip_groups");
        List<VipGroupConfig> groups = groupBinder.bind(top, topLevelVips, node, nodeSection.has("priority"), announce, track);
        List<List<String>> syncGroups = SyncGroupBinder.bind(top, groups, explicitGroups);
        Optional<SyncDaemonConfig> sync = top.object("sync_daemon").map(ha::syncDaemon);

        CheckBinder checks = new CheckBinder(baseDir, problems);
        Section defaults = top.objectOrEmpty("defaults");
        Optional<CheckBinder.Level> defaultCheck = CheckBinder.Level.of(defaults.object("check"));
        defaults.finish("defaults");
        // The defaults are validated on their own too, so that their mistakes are reported even
        // when no virtual server uses them.
        checks.bind(List.of(defaultCheck), CheckType.TCP);
        VirtualServerGroups vsGroups = new VirtualServerGroups(groups, explicitGroups);
        List<VirtualServerConfig> virtualServers =
                new VirtualServerBinder(checks, defaultCheck, vsGroups).bind(top.objects("virtual_servers"));

        IpvsConfig ipvs = ipvs(top.objectOrEmpty("ipvs"), baseDir);
        AdminConfig admin = admin(top.objectOrEmpty("admin"), baseDir);
        NotifyConfig notify = notify(top.objectOrEmpty("notify"), baseDir);
        top.finish(null);
        if (!problems.isEmpty()) {
            throw new ConfigException(file, problems.list());
        }
        return new DirectorConfig(file, node, cluster, groups, syncGroups, announce, track, sync, virtualServers, ipvs,
                admin, notify);
    }

    private static AdminConfig admin(Section s, Path baseDir) {
        HostPort listen = s.parsed("listen", HostPort::parse).orElse(DEFAULT_ADMIN);
        Optional<String> tokenText = s.optString("token_file");
        Optional<Path> token = tokenText.map(baseDir::resolve);
        if (token.isPresent()) {
            // Read now, so that check-config and a reload catch a token the API could not use.
            try {
                String text = java.nio.file.Files.readString(token.get());
                if (text.lines().findFirst().orElse("").isBlank()) {
                    s.problem("token_file", tokenText.get() + " is empty; its first line is the bearer token");
                }
            } catch (java.io.IOException e) {
                s.problem("token_file", "cannot read " + tokenText.get() + ": " + ConfigLoader.readError(e));
            }
        }
        if (!listen.address().isLoopbackAddress() && token.isEmpty()) {
            s.problem("listen", listen + " is not a loopback address; set admin.token_file to serve it to the network");
        }
        s.finish("admin");
        return new AdminConfig(listen, token);
    }

    /** The kernel keeps timeouts in jiffies in an int: at HZ=1000 that is just under 25 days. */
    private static final Duration MAX_IPVS_TIMEOUT = Duration.ofDays(24);

    private static IpvsConfig ipvs(Section s, Path baseDir) {
        Path state = s.optString("state_file").map(baseDir::resolve).orElse(IpvsConfig.DEFAULT_STATE_FILE);
        Section t = s.objectOrEmpty("timeouts");
        Optional<Duration> tcp = ipvsTimeout(t, "tcp");
        Optional<Duration> tcpFin = ipvsTimeout(t, "tcpfin");
        Optional<Duration> udp = ipvsTimeout(t, "udp");
        t.finish("ipvs.timeouts");
        IpvsConfig.OnStop onStop = s.enumOf("on_stop", IpvsConfig.OnStop.class, "on_stop", IpvsConfig.OnStop.KEEP);
        s.finish("ipvs");
        return new IpvsConfig(state, tcp, tcpFin, udp, onStop);
    }

    private static Optional<Duration> ipvsTimeout(Section s, String key) {
        Optional<Duration> d = s.optDuration(key, Duration.ofSeconds(1), MAX_IPVS_TIMEOUT);
        if (d.isPresent() && d.get().toMillis() % 1000 != 0) {
            s.problem(key, "must be whole seconds (the kernel's resolution), got " + Durations.format(d.get()));
            return Optional.empty();
        }
        return d;
    }

    /** A POSIX portable user name (useradd's default rule), at most 32 characters. */
    private static final Pattern USER_NAME = Pattern.compile("[a-z_][a-z0-9_-]{0,30}\\$?");

    private static NotifyConfig notify(Section s, Path baseDir) {
        Optional<Path> script = s.optString("script").map(baseDir::resolve);
        Path events = s.optString("events").map(baseDir::resolve).orElse(DEFAULT_EVENTS);
        Duration timeout = s.duration("script_timeout", Duration.ofMillis(100), Duration.ofMinutes(10), Duration.ofSeconds(10));
        Optional<String> user = s.optString("user");
        if (user.isPresent() && !USER_NAME.matcher(user.get()).matches()) {
            s.problem("user", "must be a user name (lower-case letters, digits, '_' and '-', at most 32 characters), got '"
                    + user.get() + "'");
            user = Optional.empty();
        } else if (user.isPresent() && script.isEmpty()) {
            s.problem("user", "needs notify.script: it is the user the script runs as");
        }
        s.finish("notify");
        return new NotifyConfig(script, events, timeout, user);
    }

}
