package io.ipvsdirector.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The /status document as a table in the spirit of {@code ipvsadm -Ln}: the node and its cluster,
 * the VIPs, then each virtual server with its real servers, their weights (current/configured),
 * connections, verdicts and reasons. Colour only on a terminal.
 */
final class StatusText {
    private static final String GREEN = "\u001b[32m";
    private static final String RED = "\u001b[31m";
    private static final String YELLOW = "\u001b[33m";
    private static final String RESET = "\u001b[0m";

    private StatusText() {
    }

    static List<String> lines(JsonObject status, boolean colour) {
        List<String> out = new ArrayList<>();
        JsonObject node = status.getJsonObject("node");
        out.add("Node " + node.getString("name") + ": " + paint(node.getString("role"), colour) + ", priority "
                + node.getInteger("priority") + ", epoch " + node.getLong("epoch") + " (" + node.getString("reason") + ")"
                + (status.getBoolean("dry_run", false) ? " [dry run]" : ""));
        JsonObject cluster = status.getJsonObject("cluster");
        if (!cluster.getBoolean("standalone", true)) {
            List<String> members = new ArrayList<>();
            for (Object o : cluster.getJsonArray("members")) {
                JsonObject m = (JsonObject) o;
                members.add(m.getString("name") + " " + paint(m.getString("role"), colour) + " " + m.getInteger("priority")
                        + (m.getBoolean("self", false) ? " (this director)" : ""));
            }
            out.add("Cluster " + cluster.getString("name") + ": " + String.join(", ", members)
                    + (cluster.getBoolean("authenticated", true) ? "" : " [messages not authenticated: no cluster.key_file]"));
            JsonArray intruders = cluster.getJsonArray("intruders", new JsonArray());
            for (Object o : intruders) {
                JsonObject i = (JsonObject) o;
                out.add("Intruder " + i.getString("address") + " (claims '" + i.getString("claims") + "', via "
                        + i.getString("via") + ", since " + i.getString("first_seen") + "): ignored");
            }
        }
        JsonArray groups = status.getJsonArray("groups", new JsonArray());
        boolean grouped = groups.size() > 1;
        if (grouped) {
            for (Object o : groups) {
                JsonObject g = (JsonObject) o;
                out.add("Group " + g.getString("name") + ": " + paint(g.getString("role"), colour) + ", priority "
                        + g.getInteger("priority") + ", epoch " + g.getLong("epoch") + ", owner "
                        + (g.getString("owner") == null ? "none" : g.getString("owner")) + " (" + g.getString("reason") + ")");
            }
        }
        for (Object o : status.getJsonArray("vips")) {
            JsonObject v = (JsonObject) o;
            out.add("VIP " + v.getString("address") + " on " + v.getString("interface")
                    + (grouped && v.getString("group") != null ? " [" + v.getString("group") + "]" : "") + ": "
                    + (v.getBoolean("held") ? "held" : "not held"));
        }
        JsonArray services = status.getJsonArray("virtual_servers");
        if (services.isEmpty()) {
            return out;
        }
        out.add("Prot LocalAddress:Port Scheduler Quorum");
        out.add(String.format(Locale.ROOT, "  -> %-28s %-13s %7s %9s %-7s %-9s %s", "RemoteAddress:Port", "Weight(conf)",
                "ActConn", "InActConn", "Verdict", "State", "Reason"));
        for (Object o : services) {
            JsonObject vs = (JsonObject) o;
            JsonObject q = vs.getJsonObject("quorum");
            String quorum = q.getValue("held") == null ? "-" : (q.getBoolean("held") ? "held" : "LOST")
                    + " (live " + q.getInteger("live_weight") + ", needs " + q.getInteger("required") + ")"
                    + (q.getBoolean("sorry_server_in", false) ? ", sorry server in" : "");
            out.add(service(vs.getString("service")) + " " + vs.getString("scheduler") + " " + quorum + "  [" + vs.getString("name") + "]");
            for (Object r : vs.getJsonArray("real_servers")) {
                out.add(realServer((JsonObject) r, colour));
            }
        }
        return out;
    }

    /** "192.0.2.10:80/tcp" as ipvsadm prints it: "TCP  192.0.2.10:80"; "fwmark 100/ipv4" as "FWM  100". */
    private static String service(String key) {
        if (key.startsWith("fwmark ")) {
            return "FWM  " + key.substring(7);
        }
        int slash = key.lastIndexOf('/');
        return String.format(Locale.ROOT, "%-4s %s", key.substring(slash + 1).toUpperCase(Locale.ROOT), key.substring(0, slash));
    }

    private static String realServer(JsonObject r, boolean colour) {
        JsonObject k = r.getJsonObject("kernel");
        String weight = (r.getValue("weight") == null ? "-" : r.getValue("weight").toString()) + "(" + r.getInteger("configured_weight") + ")";
        String verdict = r.getString("verdict") == null ? "-" : r.getString("verdict");
        String state = r.getString("state") + (r.getBoolean("configured", true) ? "" : "*");
        // Escape codes take no columns: pad the plain word, then paint it.
        String padded = String.format(Locale.ROOT, "%-7s", verdict);
        return String.format(Locale.ROOT, "  -> %-28s %-13s %7s %9s %s %-9s %s", r.getString("address"), weight,
                k == null ? "-" : k.getValue("active_connections"), k == null ? "-" : k.getValue("inactive_connections"),
                paint(verdict, colour) + padded.substring(verdict.length()), state, r.getString("reason", "")).stripTrailing();
    }

    private static String paint(String word, boolean colour) {
        if (!colour) {
            return word;
        }
        String c = switch (word) {
            case "UP", "ACTIVE" -> GREEN;
            case "DOWN", "FAULT" -> RED;
            case "STANDBY", "STARTING" -> YELLOW;
            default -> "";
        };
        return c.isEmpty() ? word : c + word + RESET;
    }
}
