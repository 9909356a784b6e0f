package io.ipvsdirector.config;

import io.ipvsdirector.net.AddressFamily;
import io.ipvsdirector.net.InetAddresses;
import io.ipvsdirector.net.Protocol;
import io.ipvsdirector.net.ServiceKey;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Binds virtual_servers: the service identity, scheduling, forwarding, persistence, quorum and checks. */
final class VirtualServerBinder {
    private final CheckBinder checks;
    private final Optional<CheckBinder.Level> defaultCheck;
    private final VirtualServerGroups groups;
    private final Map<ServiceKey, String> seenKeys = new HashMap<>();
    private final Map<String, String> seenNames = new HashMap<>();

    VirtualServerBinder(CheckBinder checks, Optional<CheckBinder.Level> defaultCheck, VirtualServerGroups groups) {
        this.checks = checks;
        this.defaultCheck = defaultCheck;
        this.groups = groups;
    }

    List<VirtualServerConfig> bind(List<Section> sections) {
        List<VirtualServerConfig> out = new ArrayList<>();
        for (Section s : sections) {
            bindOne(s).ifPresent(out::add);
        }
        return out;
    }

    private Optional<VirtualServerConfig> bindOne(Section s) {
        int before = s.problems().size();
        Optional<ServiceKey> key = serviceKey(s);
        String name = s.optString("name").orElse(key.map(ServiceKey::toString).orElse(""));
        if (s.has("name")) {
            HaBinder.checkName(s, "name", name);
        }
        String scheduler = s.choice("scheduler", Schedulers.ALL, "scheduler", Schedulers.DEFAULT);
        Set<SchedulerFlag> flags = schedulerFlags(s, scheduler, key.map(ServiceKey::protocol).orElse(null));
        Forwarding forwarding = s.enumOf("forwarding", Forwarding.class, "forwarding method", Forwarding.NAT);
        Optional<TunnelConfig> tunnel = TunnelBinder.parse(s);
        Optional<Persistence> persistence = persistence(s, key.map(ServiceKey::family).orElse(AddressFamily.IPV4));
        if (key.isPresent() && !key.get().isFwmark() && key.get().port() == 0 && persistence.isEmpty()) {
            s.problem("port", "port 0 (all ports) needs persistence, as in LVS");
        }
        OnFailure onFailure = s.enumOf("on_failure", OnFailure.class, "on_failure", OnFailure.REMOVE);
        int quorum = s.integer("quorum", 0, Integer.MAX_VALUE, 1);
        int hysteresis = s.integer("hysteresis", 0, Integer.MAX_VALUE, 0);
        if (quorum > 0 && hysteresis >= quorum) {
            s.problem("hysteresis", "must be smaller than quorum (" + quorum + "), got " + hysteresis);
        }
        // Drained servers (removed from the configuration, or put into maintenance) keep their
        // connections at weight 0 for this long at most; slow start ramps a recovered server up.
        Duration drainTimeout = s.duration("drain_timeout", Duration.ZERO, Duration.ofDays(1), Duration.ofSeconds(60));
        Duration slowStart = s.duration("slow_start", Duration.ZERO, Duration.ofHours(1), Duration.ZERO);
        CheckType implicit = key.map(k -> k.isFwmark() || k.protocol() == Protocol.TCP ? CheckType.TCP : CheckType.NONE)
                .orElse(CheckType.TCP);
        Optional<CheckBinder.Level> vsCheck = CheckBinder.Level.of(s.object("check"));
        Optional<CheckSpec> check = checks.bind(List.of(defaultCheck, vsCheck), implicit);
        Optional<SorryServer> sorry = key.flatMap(k -> s.object("sorry_server").flatMap(ss -> sorry(ss, k, forwarding)));
        RealServerBinder realServers = new RealServerBinder(checks, defaultCheck, vsCheck, implicit);
        List<RealServerConfig> rs = key.map(k -> realServers.bind(s, k, forwarding, tunnel)).orElse(List.of());
        key.ifPresent(k -> unique(s, k, name));
        Optional<String> group = groups.groupOf(s, key);
        s.finish("a virtual server");
        if (s.problems().size() > before || key.isEmpty() || check.isEmpty() || group.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new VirtualServerConfig(name, key.get(), group.get(), scheduler, flags, forwarding, tunnel, persistence,
                onFailure, quorum, hysteresis, sorry, drainTimeout, slowStart, check.get(), rs));
    }

    private Optional<ServiceKey> serviceKey(Section s) {
        Optional<Integer> fwmark = s.optUnsigned32("fwmark", 1);
        Optional<AddressFamily> family = s.optEnum("family", FamilyWord.class, "family").map(FamilyWord::family);
        if (s.has("fwmark")) {
            for (String k : List.of("address", "port", "protocol")) {
                if (s.has(k)) {
                    s.problem(k, "a fwmark service matches packets by their mark and has no " + k);
                }
            }
            if (!s.has("family")) {
                s.problem("family", "is required for a fwmark service: ipv4 or ipv6");
            }
            return fwmark.flatMap(m -> family.map(f -> ServiceKey.ofFwmark(f, m)));
        }
        Optional<InetAddress> address = s.requiredString("address").flatMap(a -> s.parse("address", a, InetAddresses::parse));
        if (!s.has("port")) {
            s.problem("port", "is required (or use fwmark)");
        }
        Optional<Integer> port = s.optInt("port", 0, 65535);
        Protocol protocol = s.enumOf("protocol", ProtocolWord.class, "protocol", ProtocolWord.TCP).protocol();
        if (address.isPresent() && family.isPresent() && AddressFamily.of(address.get()) != family.get()) {
            s.problem("family", "is " + family.get() + " but address " + InetAddresses.toText(address.get())
                    + " is " + AddressFamily.of(address.get()));
        }
        return address.flatMap(a -> port.map(p -> ServiceKey.of(protocol, a, p)));
    }

    private static Set<SchedulerFlag> schedulerFlags(Section s, String scheduler, Protocol protocol) {
        Set<SchedulerFlag> flags = EnumSet.noneOf(SchedulerFlag.class);
        List<String> words = Section.spellings(SchedulerFlag.class);
        for (Section.Item item : s.list("scheduler_flags")) {
            String word = String.valueOf(item.value());
            if (!words.contains(word)) {
                s.problems().add(item.path(), "unknown scheduler flag '" + word + "'; expected one of "
                        + String.join(", ", words) + DidYouMean.suggest(word, words).replace("; did you mean", " (did you mean").replace("?", "?)"));
                continue;
            }
            SchedulerFlag flag = Section.fromSpelling(SchedulerFlag.class, word);
            if (!flag.schedulers().isEmpty() && !flag.schedulers().contains(scheduler)) {
                s.problems().add(item.path(), "flag " + word + " needs scheduler " + String.join(" or ", flag.schedulers())
                        + ", not " + scheduler);
            } else if (flag == SchedulerFlag.ONE_PACKET && protocol != Protocol.UDP) {
                s.problems().add(item.path(), "flag one-packet is for UDP services only");
            } else {
                flags.add(flag);
            }
        }
        return flags;
    }

    private static Optional<Persistence> persistence(Section vs, AddressFamily family) {
        return vs.object("persistence").map(s -> {
            Duration timeout = s.duration("timeout", Duration.ofSeconds(1), Duration.ofSeconds(Integer.MAX_VALUE), Duration.ofSeconds(300));
            if (timeout.toMillis() % 1000 != 0) {
                s.problem("timeout", "must be whole seconds (the kernel's resolution), got " + Durations.format(timeout));
            }
            int prefix = family.bits();
            Object mask = s.raw("netmask");
            if (mask != null) {
                prefix = s.parse("netmask", String.valueOf(mask), m -> Netmasks.prefixLength(m, family)).orElse(prefix);
            }
            Optional<String> engine = s.optChoice("engine", List.of("sip"), "persistence engine");
            s.finish("persistence");
            return new Persistence(timeout, prefix, engine);
        });
    }

    private static Optional<SorryServer> sorry(Section s, ServiceKey vs, Forwarding vsForwarding) {
        Optional<InetAddress> address = s.requiredString("address").flatMap(a -> s.parse("address", a, InetAddresses::parse));
        int port = s.integer("port", 0, 65535, vs.port());
        Forwarding forwarding = s.enumOf("forwarding", Forwarding.class, "forwarding method", vsForwarding);
        address.ifPresent(a -> RealServerBinder.checkMapping(s, vs, a, port, forwarding, "port"));
        s.finish("sorry_server");
        return address.map(a -> new SorryServer(a, port, forwarding));
    }

    private void unique(Section s, ServiceKey key, String name) {
        String first = seenKeys.putIfAbsent(key, s.path());
        if (first != null) {
            s.problem(key.isFwmark() ? "fwmark" : "address", "duplicate virtual server " + key + " (also " + first + ")");
        }
        String firstName = seenNames.putIfAbsent(name, s.path());
        if (firstName != null && first == null) {
            s.problem("name", "duplicate virtual server name '" + name + "' (also " + firstName + ")");
        }
    }

    /** The configuration's words for address families. */
    enum FamilyWord implements Spelled {
        IPV4(AddressFamily.IPV4), IPV6(AddressFamily.IPV6);

        private final AddressFamily family;

        FamilyWord(AddressFamily family) {
            this.family = family;
        }

        AddressFamily family() {
            return family;
        }
    }

    /** The configuration's words for protocols. */
    enum ProtocolWord implements Spelled {
        TCP(Protocol.TCP), UDP(Protocol.UDP), SCTP(Protocol.SCTP);

        private final Protocol protocol;

        ProtocolWord(Protocol protocol) {
            this.protocol = protocol;
        }

        Protocol protocol() {
            return protocol;
        }
    }
}
