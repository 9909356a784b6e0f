package io.ipvsdirector.keepalived;

import java.util.List;
import java.util.Optional;

/** {@code global_defs}: the router id names the director, {@code lvs_sync_daemon} becomes {@code sync_daemon}; the rest has no equivalent. */
final class GlobalConverter {
    private final Report report;
    private Optional<String> routerId = Optional.empty();
    private Optional<Target.SyncDaemon> sync = Optional.empty();

    GlobalConverter(Report report) {
        this.report = report;
    }

    void convert(KNode globalDefs) {
        for (KNode n : globalDefs.body()) {
            switch (n.keyword()) {
                case "router_id", "lvs_id" -> routerId = n.arg(0);
                case "lvs_sync_daemon" -> sync = syncDaemon(n);
                case "lvs_sync_daemon_interface", "lvs_sync_daemon_inteface" -> legacySync(n);
                case "notification_email", "notification_email_from", "smtp_server", "smtp_connect_timeout", "smtp_helo_name",
                        "smtp_alert", "smtp_alert_vrrp", "smtp_alert_checker" ->
                        report.dropped(n, "this director sends no e-mail; notify.script receives every event (docs/notify.md)");
                case "enable_script_security", "script_user" -> report.dropped(n, "this director runs scripts without a shell"
                        + " as its own user (notify.user for the notify script); left out");
                default -> report.dropped(n, "no equivalent among this director's settings; left out");
            }
        }
    }

    /** {@code lvs_sync_daemon_interface IF} of keepalived 1.x, in global_defs or a vrrp_instance. */
    void legacySync(KNode n) {
        n.arg(0).ifPresent(i -> sync = Optional.of(new Target.SyncDaemon(i, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), n.pos())));
    }

    Optional<String> routerId() {
        return routerId;
    }

    Optional<Target.SyncDaemon> syncDaemon() {
        return sync;
    }

    /** {@code lvs_sync_daemon IF INSTANCE [id N] [maxlen N] [port N] [ttl N] [group ADDR]}. */
    private Optional<Target.SyncDaemon> syncDaemon(KNode n) {
        List<String> a = n.args();
        if (a.isEmpty()) {
            report.dropped(n, "names no interface; left out");
            return Optional.empty();
        }
        Optional<Integer> id = Optional.empty();
        Optional<Integer> maxlen = Optional.empty();
        Optional<Integer> port = Optional.empty();
        Optional<Integer> ttl = Optional.empty();
        Optional<String> group = Optional.empty();
        for (int i = 1; i < a.size(); i++) {
            String w = a.get(i);
            Optional<String> v = i + 1 < a.size() ? Optional.of(a.get(i + 1)) : Optional.empty();
            switch (w) {
                case "id" -> id = v.flatMap(Values::integer).map(Long::intValue);
                case "maxlen" -> maxlen = v.flatMap(Values::integer).map(Long::intValue);
                case "port" -> port = v.flatMap(Values::integer).map(Long::intValue);
                case "ttl" -> ttl = v.flatMap(Values::integer).map(Long::intValue);
                case "group" -> group = v;
                default -> {
                    if (i == 1) {
                        report.note(n.pos(), n.keyword(), "follows vrrp_instance " + w + "; this director runs the sync"
                                + " daemon as master on the ACTIVE node");
                    } else {
                        report.dropped(n.pos(), n.keyword(), "option '" + w + "' is not known; left out");
                    }
                    continue;
                }
            }
            i++;
        }
        return Optional.of(new Target.SyncDaemon(a.get(0), id, maxlen, group, port, ttl, n.pos()));
    }
}
