package io.ipvsdirector.config;

import io.ipvsdirector.net.HostPort;
import io.ipvsdirector.net.InetAddresses;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The sections about this node and its peers: node, cluster, announce, track, sync_daemon (VIPs: {@link VipGroupBinder}). */
final class HaBinder {
    static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,62}";

    NodeConfig node(Section s) {
        String name = s.optString("name").orElseGet(HaBinder::hostName);
        checkName(s, "name", name);
        int priority = s.integer("priority", 1, 254, NodeConfig.DEFAULT_PRIORITY);
        boolean preempt = s.bool("preempt", true);
        Duration delay = s.duration("preempt_delay", Duration.ZERO, Duration.ofHours(1), Duration.ZERO);
        s.finish("node");
        return new NodeConfig(name, priority, preempt, delay);
    }

    ClusterConfig cluster(Section s, Path baseDir) {
        String name = s.string("name", "ipvs-director");
        checkName(s, "name", name);
        Optional<HostPort> bind = s.parsed("bind", HostPort::parse);
        List<HostPort> members = new ArrayList<>();
        Map<HostPort, String> seen = new HashMap<>();
        for (Section.Item item : s.list("members")) {
            Optional<HostPort> member = parseItem(s, item, HostPort::parse);
            member.ifPresent(m -> {
                String first = seen.putIfAbsent(m, item.path());
                if (first != null) {
                    s.problems().add(item.path(), "duplicate member " + m + " (also " + first + ")");
                } else if (m.port() == 0) {
                    s.problems().add(item.path(), "port must be 1..65535");
                } else {
                    members.add(m);
                }
            });
        }
        if (!members.isEmpty() && !s.has("bind")) {
            s.problem("bind", "is required when members are given: this node's own entry of cluster.members");
        }
        bind.ifPresent(b -> {
            if (!members.isEmpty() && !members.contains(b)) {
                s.problem("bind", b + " must be one of cluster.members (" + join(members) + ")");
            }
        });
        Optional<HostPort> witness = s.parsed("witness", HostPort::parse);
        witness.ifPresent(w -> {
            if (members.contains(w)) {
                s.problem("witness", w + " is a member; the witness is a third, VIP-less node");
            }
            if (members.isEmpty()) {
                s.problem("witness", "needs cluster.members: a witness only arbitrates between directors");
            }
        });
        // Hazelcast counts heartbeats in whole seconds; faster detection is the UDP beacon's job.
        Duration heartbeat = wholeSeconds(s, "heartbeat", Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(1));
        Duration deadAfter = wholeSeconds(s, "dead_after", Duration.ofSeconds(2), Duration.ofMinutes(10), Duration.ofSeconds(3));
        if (deadAfter.compareTo(heartbeat) <= 0) {
            s.problem("dead_after", "must be longer than heartbeat (" + Durations.format(heartbeat) + ")");
        }
        Section b = s.objectOrEmpty("beacon");
        Duration interval = b.duration("interval", Duration.ofMillis(20), Duration.ofSeconds(1), Duration.ofMillis(100));
        int misses = b.integer("misses", 2, 50, 3);
        ClusterConfig.Beacon beacon = new ClusterConfig.Beacon(interval, misses);
        if (beacon.silentAfter().compareTo(deadAfter) >= 0) {
            b.problem(null, "interval × misses (" + Durations.format(beacon.silentAfter())
                    + ") must be shorter than dead_after (" + Durations.format(deadAfter) + ")");
        }
        b.finish("beacon");
        Optional<String> keyText = s.optString("key_file");
        Optional<Path> keyFile = keyText.map(baseDir::resolve);
        keyFile.ifPresent(k -> {
            // Read now, so that check-config and a reload refuse a key the cluster could not use.
            try {
                ClusterKeyFile.read(k);
            } catch (java.io.IOException e) {
                s.problem("key_file", keyText.get() + ": " + (e instanceof java.nio.file.NoSuchFileException
                        ? "no such file" : e.getMessage()));
            }
        });
        if (keyFile.isPresent() && members.isEmpty()) {
            s.problem("key_file", "needs cluster.members: a standalone director has nobody to talk to");
        }
        s.finish("cluster");
        return new ClusterConfig(name, bind, members, witness, heartbeat, deadAfter, beacon, keyFile);
    }

    static final AnnounceConfig DEFAULT_ANNOUNCE =
            new AnnounceConfig(3, Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ZERO);

    /** {@code defaults}: {@link #DEFAULT_ANNOUNCE} at the top level; the top-level section inside a VIP group. */
    AnnounceConfig announce(Section s, AnnounceConfig defaults) {
        int count = s.integer("count", 0, 100, defaults.count());
        Duration interval = s.duration("interval", Duration.ZERO, Duration.ofSeconds(10), defaults.interval());
        Duration repeat = s.duration("repeat_after", Duration.ZERO, Duration.ofHours(1), defaults.repeatAfter());
        Duration refresh = s.duration("refresh", Duration.ZERO, Duration.ofHours(24), defaults.refresh());
        if (!refresh.isZero() && refresh.compareTo(Duration.ofSeconds(1)) < 0) {
            s.problem("refresh", "must be 0s (off) or at least 1s, got " + Durations.format(refresh));
        }
        s.finish("announce");
        return new AnnounceConfig(count, interval, repeat, refresh);
    }

    TrackConfig track(Section s) {
        List<String> interfaces = new ArrayList<>();
        for (Section.Item item : s.list("interfaces")) {
            parseItem(s, item, HaBinder::interfaceName).ifPresent(interfaces::add);
        }
        Optional<InetAddress> gateway = s.parsed("gateway", InetAddresses::parse);
        List<TrackConfig.Script> scripts = new ArrayList<>();
        for (Section sc : s.objects("scripts")) {
            Optional<String> path = sc.requiredString("path");
            path.filter(p -> !p.startsWith("/")).ifPresent(p -> sc.problem("path", "must be an absolute path, got '" + p + "'"));
            List<String> command = new ArrayList<>();
            path.ifPresent(command::add);
            command.addAll(sc.strings("args"));
            Duration interval = sc.duration("interval", Duration.ofMillis(100), Duration.ofHours(1), Duration.ofSeconds(2));
            Duration timeout = sc.duration("timeout", Duration.ofMillis(10), Duration.ofHours(1),
                    interval.compareTo(Duration.ofSeconds(1)) < 0 ? interval : Duration.ofSeconds(1));
            if (timeout.compareTo(interval) > 0) {
                sc.problem("timeout", "must not be longer than interval (" + Durations.format(interval) + ")");
            }
            int rise = sc.integer("rise", 1, 100, 2);
            int fall = sc.integer("fall", 1, 100, 2);
            sc.finish("a track script");
            scripts.add(new TrackConfig.Script(command, interval, timeout, rise, fall));
        }
        s.finish("track");
        return new TrackConfig(interfaces, gateway, scripts);
    }

    SyncDaemonConfig syncDaemon(Section s) {
        String dev = s.requiredString("interface").orElse("");
        if (!dev.isEmpty()) {
            checkInterface(s, "interface", dev);
        }
        int syncId = s.integer("sync_id", 0, 255, 0);
        Optional<Integer> maxLength = s.optInt("max_length", 1, 65507);
        Optional<InetAddress> group = s.parsed("group", InetAddresses::parse);
        group.filter(g -> !g.isMulticastAddress()).ifPresent(g ->
                s.problem("group", InetAddresses.toText(g) + " is not a multicast address"));
        Optional<Integer> port = s.optInt("port", 1, 65535);
        Optional<Integer> ttl = s.optInt("ttl", 1, 255);
        s.finish("sync_daemon");
        return new SyncDaemonConfig(dev, syncId, maxLength, group, port, ttl);
    }

    private Duration wholeSeconds(Section s, String key, Duration min, Duration max, Duration def) {
        Duration d = s.duration(key, min, max, def);
        if (d.toMillis() % 1000 != 0) {
            s.problem(key, "must be whole seconds (Hazelcast's resolution), got " + Durations.format(d));
            return def;
        }
        return d;
    }

    static void checkName(Section s, String key, String name) {
        if (!name.matches(NAME_PATTERN)) {
            s.problem(key, "'" + name + "' must be 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }

    static void checkInterface(Section s, String key, String name) {
        s.parse(key, name, HaBinder::interfaceName);
    }

    /** Linux interface names: 1-15 bytes, no '/', ':' or white space (the kernel's dev_valid_name). */
    static String interfaceName(String name) {
        if (name.length() > 15 || name.equals(".") || name.equals("..") || !name.matches("[^/:\\s]+")) {
            throw new IllegalArgumentException("'" + name + "' is not an interface name (at most 15 characters, no '/', ':' or spaces)");
        }
        return name;
    }

    static <T> Optional<T> parseItem(Section s, Section.Item item, java.util.function.Function<String, T> parser) {
        if (!(item.value() instanceof String text)) {
            s.problems().add(item.path(), "must be a string, got " + Section.describe(item.value()));
            return Optional.empty();
        }
        try {
            return Optional.of(parser.apply(text));
        } catch (IllegalArgumentException e) {
            s.problems().add(item.path(), e.getMessage());
            return Optional.empty();
        }
    }

    private static String join(List<?> items) {
        return String.join(", ", items.stream().map(String::valueOf).toList());
    }

    /** The kernel's host name, read without any name lookup. */
    static String hostName() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
            int dot = name.indexOf('.');
            return dot > 0 ? name.substring(0, dot) : name;
        } catch (java.io.IOException e) {
            return "director";
        }
    }
}
