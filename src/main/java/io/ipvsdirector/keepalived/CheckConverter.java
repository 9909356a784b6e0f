package io.ipvsdirector.keepalived;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A real server's checker into this director's check. keepalived's timing becomes interval
 * ({@code delay_loop}), timeout ({@code connect_timeout}), fall ({@code retry} + 1) and rise 1 (one success
 * brings a server back); {@code alpha} decides the initial state. The mapping is written above the check.
 */
final class CheckConverter {
    static final Set<String> CHECKERS = Set.of("TCP_CHECK", "HTTP_GET", "SSL_GET", "MISC_CHECK", "DNS_CHECK",
            "UDP_CHECK", "FILE_CHECK", "SMTP_CHECK", "PING_CHECK", "BFD_CHECK");
    private static final long DEFAULT_CONNECT_TIMEOUT_MS = 5000;
    private static final long MIN_INTERVAL_MS = 100;
    private static final long MAX_INTERVAL_MS = 3_600_000;
    private static final int DEFAULT_RETRY = 1;

    /** What the virtual server gives its checkers. */
    record Context(long delayLoopMs, boolean alpha, Optional<String> virtualhost, Optional<Integer> realPort,
                   Map<String, KNode> trackFiles, List<KNode> inherited) {
        Context forRealServer(Optional<Integer> port, boolean rsAlpha, List<KNode> timing) {
            return new Context(delayLoopMs, alpha || rsAlpha, virtualhost, port, trackFiles, timing);
        }
    }

    private final Report report;

    CheckConverter(Report report) {
        this.report = report;
    }

    /** The check of a real server: its first checker, or {@code none} (keepalived adds a server without checkers as is). */
    Target.Check convert(KNode realServer, Context ctx) {
        List<KNode> checkers = realServer.body().stream().filter(n -> CHECKERS.contains(n.keyword())).toList();
        if (checkers.isEmpty()) {
            return new Target.Check("none", List.of(), List.of("no checker in keepalived: always up"));
        }
        for (KNode extra : checkers.subList(1, checkers.size())) {
            report.dropped(extra, "a second checker on one real server; this director runs one check per real server,"
                    + " so only the " + checkers.get(0).keyword() + " at line " + checkers.get(0).pos().line() + " was taken");
        }
        return checker(checkers.get(0), ctx);
    }

    private Target.Check checker(KNode c, Context ctx) {
        List<Target.Setting> typed = new ArrayList<>();
        List<String> comments = new ArrayList<>();
        Timing timing = new Timing(ctx.delayLoopMs(), DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_RETRY, null);
        Optional<Integer> port = Optional.empty();
        Optional<String> source = Optional.empty();
        String type = switch (c.keyword()) {
            case "TCP_CHECK" -> "tcp";
            case "HTTP_GET" -> "http";
            case "SSL_GET" -> "https";
            case "MISC_CHECK" -> "exec";
            case "DNS_CHECK" -> "dns";
            case "UDP_CHECK" -> "udp";
            case "FILE_CHECK" -> "file";
            default -> "tcp";
        };
        List<KNode> urls = new ArrayList<>();
        boolean misc = false;
        SourcePos timeoutPos = c.pos();
        List<KNode> body = new ArrayList<>(ctx.inherited());
        body.addAll(c.body());
        for (KNode n : body) {
            switch (n.keyword()) {
                case "connect_timeout", "misc_timeout" -> {
                    timing = timing.withTimeout(Values.timerArg(n, report));
                    timeoutPos = n.pos();
                }
                case "delay_loop" -> timing = timing.withInterval(Values.timerArg(n, report));
                case "retry", "nb_get_retry" -> timing = timing.withRetry(Values.integerArg(n, 0, 99, report));
                case "delay_before_retry" -> timing = timing.withRetryDelay(n);
                case "connect_port" -> port = Values.integerArg(n, 0, 65535, report).map(Long::intValue);
                case "bindto" -> source = n.arg(0);
                case "warmup" -> report.approximated(n, "no equivalent; this director's first probe starts at a random"
                        + " point within the interval, which spreads probes the way warmup does");
                case "alpha" -> report.approximated(n, "per-checker alpha: the initial state is set for the whole check");
                case "url" -> urls.add(n);
                case "virtualhost", "status_code", "digest", "path", "regex" -> urls.add(new KNode("url", List.of(),
                        List.of(n), n.pos()));
                case "misc_path" -> {
                    misc = true;
                    typed.addAll(command(n));
                }
                case "misc_dynamic" -> typed.add(new Target.Setting("dynamic", Values.bool(n)));
                case "user" -> typed.add(new Target.Setting("user", n.arg(0).orElse("")));
                case "type" -> typed.add(new Target.Setting("record", n.arg(0).orElse("SOA").toUpperCase()));
                case "name" -> typed.add(new Target.Setting("query", n.arg(0).orElse(".")));
                case "payload" -> typed.add(new Target.Setting("payload", n.arg(0).orElse("")));
                case "require_reply" -> {
                    typed.add(new Target.Setting("require_reply", true));
                    n.arg(0).ifPresent(hex -> typed.add(new Target.Setting("expect", hex)));
                }
                case "track_file" -> typed.addAll(trackFile(n, ctx));
                case "enable_sni" -> ctx.virtualhost().ifPresent(h -> typed.add(new Target.Setting("sni", h)));
                case "host" -> port = smtpHost(n, port);
                default -> report.dropped(n, "no equivalent in this director's " + type + " check; left out");
            }
        }
        if (type.equals("http") || type.equals("https")) {
            typed.addAll(http(c, urls, ctx));
            if (type.equals("https")) {
                // keepalived's SSL_GET does not verify the certificate.
                typed.add(new Target.Setting("verify", false));
            }
        }
        if (c.keyword().equals("SMTP_CHECK")) {
            port = Optional.of(port.orElse(25));
            report.approximated(c, "this director has no SMTP check; a tcp check on port " + port.get()
                    + " (the SMTP port) stands in for it, without the HELO exchange");
        }
        if (c.keyword().equals("PING_CHECK")) {
            if (ctx.realPort().isEmpty() || ctx.realPort().get() == 0) {
                report.approximated(c, "this director has no ping check and the real server has no port for a tcp"
                        + " check; written as type none (always up)");
                return new Target.Check("none", List.of(), List.of("keepalived PING_CHECK: no equivalent"));
            }
            report.approximated(c, "this director has no ping check; a tcp check on the real server's port stands in for it");
        }
        if (c.keyword().equals("BFD_CHECK")) {
            report.dropped(c, "no BFD in this director; written as type none (always up)");
            return new Target.Check("none", List.of(), List.of("keepalived BFD_CHECK: no equivalent"));
        }
        if (c.keyword().equals("MISC_CHECK") && (!misc || typed.stream().noneMatch(s -> s.key().equals("command")))) {
            return fallback(c, ctx, "has no usable misc_path");
        }
        if (type.equals("tcp") && port.isEmpty() && (ctx.realPort().isEmpty() || ctx.realPort().get() == 0)) {
            return fallback(c, ctx, "has no port to probe (no connect_port and the real server has none)");
        }
        List<Target.Setting> out = new ArrayList<>();
        long interval = clampInterval(c, timing.intervalMs());
        long timeout = timing.timeoutMs();
        if (timeout > interval) {
            report.approximated(timeoutPos, "connect_timeout", "timeout " + Values.duration(timeout) + " is longer than the interval "
                    + Values.duration(interval) + "; this director needs timeout <= interval, so it was cut to the interval");
            timeout = interval;
        }
        timeout = Math.max(timeout, 10);
        int fall = (int) Math.min(100, timing.retry() + 1L);
        out.add(new Target.Setting("interval", Values.duration(interval)));
        out.add(new Target.Setting("timeout", Values.duration(timeout)));
        out.add(new Target.Setting("rise", 1));
        out.add(new Target.Setting("fall", fall));
        out.add(new Target.Setting("initial", ctx.alpha() ? "down" : "up"));
        port.filter(p -> p > 0).ifPresent(p -> out.add(new Target.Setting("port", p)));
        source.ifPresent(s -> out.add(new Target.Setting("source", s)));
        out.addAll(typed);
        if (timing.retryDelay() != null && timing.retry() > 0) {
            report.approximated(timing.retryDelay(), "retries run at the check interval, not after this delay; a failed server"
                    + " goes down after " + fall + " failures in a row");
        }
        comments.add("keepalived " + c.keyword() + ": delay_loop " + seconds(timing.intervalMs()) + " -> interval, connect_timeout "
                + seconds(timing.timeoutMs()) + " -> timeout, retry " + timing.retry() + " -> fall " + fall
                + ", one success -> rise 1, " + (ctx.alpha() ? "alpha -> initial down" : "no alpha -> initial up"));
        return new Target.Check(type, out, comments);
    }

    private Target.Check fallback(KNode c, Context ctx, String why) {
        if (ctx.realPort().isPresent() && ctx.realPort().get() > 0) {
            report.dropped(c, why + "; a tcp check on the real server's port stands in for it");
            return new Target.Check("tcp", List.of(new Target.Setting("interval", Values.duration(clampInterval(c, ctx.delayLoopMs())))),
                    List.of("keepalived " + c.keyword() + " could not be converted"));
        }
        report.dropped(c, why + "; written as type none (always up)");
        return new Target.Check("none", List.of(), List.of("keepalived " + c.keyword() + " could not be converted"));
    }

    private long clampInterval(KNode c, long ms) {
        long clamped = Math.max(MIN_INTERVAL_MS, Math.min(MAX_INTERVAL_MS, ms));
        if (clamped != ms) {
            report.approximated(c.pos(), "delay_loop", Values.duration(ms) + " is outside this director's interval range"
                    + " 100ms..1h; " + Values.duration(clamped) + " was written");
        }
        return clamped;
    }

    private static String seconds(long ms) {
        return Values.duration(ms);
    }

    private List<Target.Setting> command(KNode n) {
        List<String> words = ShellWords.split(n.joinedArgs());
        if (words.isEmpty() || !words.get(0).startsWith("/")) {
            report.dropped(n, "this director runs checks without a shell and needs an absolute program path, got '"
                    + n.joinedArgs() + "'");
            return List.of();
        }
        return List.of(new Target.Setting("command", words));
    }

    private List<Target.Setting> trackFile(KNode n, Context ctx) {
        KNode def = ctx.trackFiles().get(n.arg(0).orElse(""));
        Optional<String> file = def == null ? Optional.empty()
                : def.body().stream().filter(k -> k.keyword().equals("file")).findFirst().flatMap(k -> k.arg(0));
        if (file.isEmpty()) {
            report.dropped(n, "names no track_file block with a file; left out");
            return List.of();
        }
        report.approximated(n, "keepalived reads a number from the file (0 or less: down, else a weight factor); this"
                + " director's file check reads up, down, drain or a weight from it");
        return List.of(new Target.Setting("path", file.get()));
    }

    private Optional<Integer> smtpHost(KNode host, Optional<Integer> port) {
        Optional<Integer> p = port;
        for (KNode k : host.body()) {
            if (k.keyword().equals("connect_port") && p.isEmpty()) {
                p = Values.integerArg(k, 1, 65535, report).map(Long::intValue);
            } else {
                report.dropped(k, "SMTP host blocks are approximated by one tcp check on the real server; left out");
            }
        }
        return p;
    }

    private List<Target.Setting> http(KNode c, List<KNode> urls, Context ctx) {
        List<Target.Setting> out = new ArrayList<>();
        Optional<String> host = ctx.virtualhost();
        for (KNode url : urls.subList(Math.min(1, urls.size()), urls.size())) {
            report.dropped(url, "this director's http check asks for one path; only the first url (line "
                    + urls.get(0).pos().line() + ") was taken");
        }
        if (!urls.isEmpty()) {
            for (KNode n : urls.get(0).body()) {
                switch (n.keyword()) {
                    case "path" -> out.add(new Target.Setting("path", n.arg(0).orElse("/")));
                    case "digest" -> out.add(new Target.Setting("digest", "md5:" + n.arg(0).orElse("").toLowerCase()));
                    case "status_code" -> out.add(new Target.Setting("status", n.args()));
                    case "regex" -> {
                        out.add(new Target.Setting("body_regex", n.joinedArgs()));
                        report.approximated(n, "keepalived matches a POSIX extended regex; written as a Java regex, which"
                                + " reads the common forms the same way");
                    }
                    case "virtualhost" -> host = n.arg(0);
                    default -> report.dropped(n, "no equivalent in this director's http check; left out");
                }
            }
        }
        host.ifPresent(h -> out.add(new Target.Setting("host", h)));
        return out;
    }

    /** keepalived's checker timing as read so far. */
    private record Timing(long intervalMs, long timeoutMs, long retry, KNode retryDelay) {
        Timing withInterval(Optional<Long> ms) {
            return ms.map(v -> new Timing(v, timeoutMs, retry, retryDelay)).orElse(this);
        }

        Timing withTimeout(Optional<Long> ms) {
            return ms.map(v -> new Timing(intervalMs, v, retry, retryDelay)).orElse(this);
        }

        Timing withRetry(Optional<Long> r) {
            return r.map(v -> new Timing(intervalMs, timeoutMs, v, retryDelay)).orElse(this);
        }

        Timing withRetryDelay(KNode n) {
            return new Timing(intervalMs, timeoutMs, retry, n);
        }
    }
}
