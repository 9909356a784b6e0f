package io.ipvsdirector.config;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Binds health checks along the cascade defaults.check → virtual server check → real server check.
 *
 * <p>Each level is bound merged with the levels above it (a level that changes the check type keeps
 * only the common keys of the levels above), and only the problems of the keys the level itself
 * writes are reported, at that level's path: a bad key in a virtual server's check is reported once,
 * not once per real server.
 */
final class CheckBinder {
    /** Keys every check type takes; they survive a change of type between levels. */
    static final Set<String> COMMON = Set.of("type", "interval", "timeout", "rise", "fall", "initial", "port", "source");

    private final Path baseDir;
    private final Problems problems;

    CheckBinder(Path baseDir, Problems problems) {
        this.baseDir = baseDir;
        this.problems = problems;
    }

    /** One level of the cascade: the mapping written at {@code path}. */
    record Level(String path, JsonObject json) {
        static Optional<Level> of(Optional<Section> section) {
            return section.map(s -> new Level(s.path(), s.json()));
        }
    }

    /**
     * The effective check of the last level in {@code levels} (missing levels are skipped), reporting
     * the problems of that level only. {@code implicitType} applies when no level names a type.
     */
    Optional<CheckSpec> bind(List<Optional<Level>> levels, CheckType implicitType) {
        JsonObject merged = new JsonObject();
        Level last = null;
        for (Optional<Level> maybe : levels) {
            if (maybe.isEmpty()) {
                continue;
            }
            Level level = maybe.get();
            String type = level.json().getValue("type") instanceof String t ? t : null;
            if (type != null && !type.equals(merged.getString("type", implicitType.spelling()))) {
                merged.fieldNames().removeIf(k -> !COMMON.contains(k));
            }
            merged.mergeIn(level.json().copy());
            last = level;
        }
        Problems scratch = new Problems();
        String path = last == null ? "" : last.path();
        Section section = new Section(path, merged, scratch);
        CheckSpec spec = bindSpec(section, implicitType);
        if (last != null) {
            keepOwn(scratch, last);
        }
        return scratch.isEmpty() ? Optional.ofNullable(spec) : Optional.empty();
    }

    /** Copies into the real collector the problems of keys the level writes itself. */
    private void keepOwn(Problems scratch, Level level) {
        boolean choosesType = level.json().containsKey("type");
        for (ConfigProblem p : scratch.list()) {
            String rest = p.path().substring(Math.min(p.path().length(), level.path().length() + 1));
            String key = rest.split("[.\\[]", 2)[0];
            if (level.json().containsKey(key) || (choosesType && !COMMON.contains(key))) {
                problems.add(p.path(), p.message());
            }
        }
    }

    private CheckSpec bindSpec(Section s, CheckType implicitType) {
        CheckType type = s.enumOf("type", CheckType.class, "check type", implicitType);
        Duration interval = s.duration("interval", Duration.ofMillis(100), Duration.ofHours(1), Duration.ofSeconds(2));
        // Unless a timeout is written somewhere, it fits the interval: "interval: 500ms" alone is valid.
        Duration defaultTimeout = interval.compareTo(Duration.ofSeconds(1)) < 0 ? interval : Duration.ofSeconds(1);
        Duration timeout = s.duration("timeout", Duration.ofMillis(10), Duration.ofHours(1), defaultTimeout);
        if (timeout.compareTo(interval) > 0) {
            String key = s.json().containsKey("timeout") ? "timeout" : "interval";
            s.problem(key, "timeout " + Durations.format(timeout) + " must not be longer than interval "
                    + Durations.format(interval) + " (a probe is never started while the last one runs)");
        }
        int rise = s.integer("rise", 1, 100, 2);
        int fall = s.integer("fall", 1, 100, 2);
        boolean initialUp = s.choice("initial", List.of("down", "up"), "initial state", "down").equals("up");
        Optional<Integer> port = s.optInt("port", 1, 65535);
        Optional<java.net.InetAddress> source = s.parsed("source", io.ipvsdirector.net.InetAddresses::parse);
        Optional<String> bindInterface = Optional.empty();
        Optional<Integer> fwmark = Optional.empty();
        // Sockets made through jnr-ffi in kernel.probe (ping's, and the epoll connector of tcp and plain
        // http) can take both options; the JDK's sockets of the other checks can set neither.
        if (type == CheckType.PING || type == CheckType.TCP || type == CheckType.HTTP) {
            bindInterface = s.optString("bind_interface");
            bindInterface.filter(i -> !i.matches("[A-Za-z0-9_.:@-]{1,15}") || i.equals(".") || i.equals(".."))
                    .ifPresent(i -> s.problem("bind_interface", "'" + i + "' is not an interface name (1 to 15 characters, no / or blanks)"));
            fwmark = s.optUnsigned32("fwmark", 1);
        } else {
            // Read only when written, so that the keys are not offered in another type's "allowed" list.
            List.of("bind_interface", "fwmark").stream().filter(k -> s.json().containsKey(k) && s.has(k)).forEach(k ->
                    s.problem(k, k + " is for tcp, http and ping checks only: the JDK's sockets, which " + type
                            + " probes use, cannot set SO_BINDTODEVICE or SO_MARK"));
        }
        CheckParams params = switch (type) {
            case TCP -> new CheckParams.Tcp();
            case NONE -> new CheckParams.None();
            case HTTP, HTTPS -> HttpCheckBinder.bind(s, type == CheckType.HTTPS, baseDir);
            case UDP -> udp(s);
            case DNS -> dns(s);
            case SMTP -> smtp(s, baseDir);
            case PING -> new CheckParams.Ping();
            case EXEC -> exec(s);
            case FILE -> file(s);
        };
        s.finish("a " + type + " check");
        return params == null ? null
                : new CheckSpec(type, interval, timeout, rise, fall, initialUp, port, source, bindInterface, fwmark,
                        params);
    }

    private static CheckParams udp(Section s) {
        String payload = s.parsed("payload", t -> hex(t, false)).orElse("");
        Optional<String> expect = s.parsed("expect", t -> hex(t, true));
        boolean requireReply = s.bool("require_reply", expect.isPresent());
        if (expect.isPresent() && !requireReply) {
            s.problem("require_reply", "must be true when expect is given (expect checks the reply)");
        }
        return new CheckParams.Udp(payload, expect, requireReply);
    }

    /** Lower-case hex without separators; with {@code wildcards}, "??" stands for any byte. */
    static String hex(String text, boolean wildcards) {
        String t = text.replace(" ", "").toLowerCase();
        String allowed = wildcards ? "(?:[0-9a-f]{2}|\\?\\?)*" : "(?:[0-9a-f]{2})*";
        if (!t.matches(allowed)) {
            throw new IllegalArgumentException("'" + text + "' is not hex bytes (pairs of 0-9a-f"
                    + (wildcards ? ", or ?? for any byte" : "") + ")");
        }
        return t;
    }

    private static final List<String> DNS_RECORDS = List.of("A", "AAAA", "CNAME", "MX", "NS", "PTR", "SOA", "SRV", "TXT");

    private static CheckParams dns(Section s) {
        String query = s.string("query", ".");
        if (!query.matches("\\.|[A-Za-z0-9_]([A-Za-z0-9_-]{0,62})(\\.[A-Za-z0-9_][A-Za-z0-9_-]{0,62})*\\.?")
                || query.length() > 253) {
            s.problem("query", "'" + query + "' is not a domain name");
        }
        String record = s.choice("record", DNS_RECORDS, "record type", "SOA");
        return new CheckParams.Dns(query, record, s.optString("expect"));
    }

    /** TLS keys, which smtp takes only with starttls. */
    private static final List<String> TLS_KEYS = List.of("sni", "verify", "ca_file", "client_cert", "client_key");

    private static CheckParams smtp(Section s, Path baseDir) {
        Optional<String> helo = s.optString("helo_name");
        helo.filter(h -> !h.matches("[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\\.[A-Za-z0-9][A-Za-z0-9-]{0,62})*|\\[[0-9A-Fa-f:.]+\\]"))
                .ifPresent(h -> s.problem("helo_name", "'" + h + "' is not a domain name or an address literal like [192.0.2.1]"));
        boolean starttls = s.bool("starttls", false);
        Optional<CheckParams.Tls> tls = Optional.empty();
        if (starttls) {
            tls = Optional.of(HttpCheckBinder.tls(s, baseDir));
        } else {
            TLS_KEYS.stream().filter(s::has).forEach(k -> s.problem(k, "only applies with starttls: true"));
        }
        return new CheckParams.Smtp(helo, tls);
    }

    private static CheckParams exec(Section s) {
        Object raw = s.raw("command");
        List<String> command = new ArrayList<>();
        if (raw == null) {
            s.problem("command", "is required: [program, arg, ...]");
        } else if (raw instanceof String) {
            s.problem("command", "must be a list [program, arg, ...]; no shell is used to split a string");
        } else {
            command = s.strings("command");
            if (!command.isEmpty() && !command.get(0).startsWith("/")) {
                s.problem("command", "the program must be an absolute path, got '" + command.get(0) + "'");
            } else if (command.isEmpty()) {
                s.problem("command", "must name a program");
            }
        }
        Optional<String> user = s.optString("user");
        boolean dynamic = s.bool("dynamic", false);
        return new CheckParams.Exec(command, user, dynamic);
    }

    private CheckParams file(Section s) {
        Optional<String> path = s.optString("path").map(p -> p.startsWith("/") ? p : baseDir.resolve(p).toString());
        Optional<Path> maintenance = s.optString("maintenance_dir").map(baseDir::resolve);
        if (path.isEmpty() && maintenance.isEmpty() && !s.has("path") && !s.has("maintenance_dir")) {
            s.problem(null, "a file check needs path, maintenance_dir or both");
        }
        return new CheckParams.File(path, maintenance);
    }
}
