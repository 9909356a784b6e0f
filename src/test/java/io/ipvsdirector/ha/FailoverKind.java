package io.ipvsdirector.ha;

import io.ipvsdirector.testkit.ChildProcess;
import io.ipvsdirector.testkit.Netns;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A pair of one kind in {@link FailoverBench}: how to start one of it, and how to tell the pair is settled. */
sealed interface FailoverKind {
    String name();

    ChildProcess start(HaLab lab, String director) throws IOException;

    /** A line the process prints once it is a ready backup (or master). */
    String readyLine();

    /** The pid that faults are sent to; negative for a whole process group. */
    long target(ChildProcess p);

    /** Whether the processes themselves agree: {@code owner} is the master, {@code other} its ready standby. */
    boolean agree(HaLab lab, String owner, String other);

    /**
     * The real {@code ipvs-director run} with the daemon's heap and collector (bin/ipvs-director), each
     * JVM writing its GC log as {@code gc-TAG-DIRECTOR-N.log} in {@code dir}; {@code clusterKeys} go
     * under {@code cluster:} (empty: the product's default beacon).
     */
    record Director(String name, String tag, String clusterKeys, Path dir) implements FailoverKind {
        static final List<String> DAEMON_HEAP = List.of("-Xms64m", "-Xmx256m", "-XX:-UsePerfData");
        /** As bin/ipvs-director run on a JVM that has Shenandoah (this project's test machines do). */
        static final List<String> DAEMON_GC = List.of("-XX:+UseShenandoahGC", "-XX:SoftMaxHeapSize=160m", "-XX:+UnlockExperimentalVMOptions",
                "-XX:ShenandoahControlIntervalMin=10", "-XX:-ShenandoahPacing");

        @Override
        public ChildProcess start(HaLab lab, String d) throws IOException {
            lab.clusterKeys = clusterKeys;
            Path config = lab.config(d, 100, "");
            return jvm(lab, d, config, DAEMON_GC, dir.resolve("gc-" + tag + "-" + d + "-" + System.nanoTime() + ".log"));
        }

        /** {@code ipvs-director run} in {@code d}'s namespace with the daemon's heap, {@code gc} and a GC log. */
        static ChildProcess jvm(HaLab lab, String d, Path config, List<String> gc, Path gcLog) throws IOException {
            List<String> jvm = new ArrayList<>(ChildProcess.DIRECTOR_JVM);
            jvm.addAll(DAEMON_HEAP);
            jvm.addAll(gc);
            jvm.add(GcLog.option(gcLog));
            String extra = System.getenv().getOrDefault("FAILOVER_JVM_OPTS", "").trim();
            if (!extra.isEmpty()) {
                jvm.addAll(List.of(extra.split("\\s+")));
            }
            return ChildProcess.start(Netns.in(lab.ns(d)), jvm, "io.ipvsdirector.cli.Main",
                    List.of("run", "--config", config.toString()));
        }

        @Override
        public String readyLine() {
            return "role STARTING -> STANDBY";
        }

        @Override
        public long target(ChildProcess p) {
            return p.pid();
        }

        /** Both directors' GET /status name the owner ACTIVE and the other STANDBY: each has heard the other. */
        @Override
        public boolean agree(HaLab lab, String owner, String other) {
            return pairAgrees(lab, owner, other);
        }

        static boolean pairAgrees(HaLab lab, String owner, String other) {
            Map<String, String> expected = Map.of(owner, "ACTIVE", other, "STANDBY");
            return roles(lab, owner).equals(expected) && roles(lab, other).equals(expected);
        }

        /** Each member's role as {@code d}'s admin API names it; empty while it does not answer. */
        static Map<String, String> roles(HaLab lab, String d) {
            Map<String, String> out = new HashMap<>();
            try {
                String body = lab.net.exec(lab.ns(d), "curl", "-sS", "--max-time", "2", "http://127.0.0.1:9180/status");
                JsonArray members = new JsonObject(body).getJsonObject("cluster").getJsonArray("members");
                for (int i = 0; i < members.size(); i++) {
                    out.put(members.getJsonObject(i).getString("name"), members.getJsonObject(i).getString("role"));
                }
            } catch (IOException | RuntimeException e) {
                out.clear(); // not up yet, or restarting
            }
            return out;
        }
    }

    /** keepalived --vrrp, both BACKUP with nopreempt and equal priority: no flapping back by design. */
    record Keepalived(String advert, int version, Path dir) implements FailoverKind {
        @Override
        public String name() {
            return "keepalived advert_int " + advert + "s";
        }

        @Override
        public ChildProcess start(HaLab lab, String d) throws IOException {
            String tag = d + "-v" + version;
            Path conf = dir.resolve("keepalived-" + tag + ".conf");
            Path pid = dir.resolve("ka-" + tag + ".pid");
            Path vrrpPid = dir.resolve("vrrp-" + tag + ".pid");
            Files.deleteIfExists(pid);
            Files.deleteIfExists(vrrpPid);
            Files.writeString(conf, "global_defs {\n  router_id " + d + "\n  vrrp_version " + version + "\n}\n"
                    + "vrrp_instance VI_1 {\n  state BACKUP\n  nopreempt\n  interface eth0\n  virtual_router_id 77\n"
                    + "  priority 100\n  advert_int " + advert + "\n"
                    + "  virtual_ipaddress {\n    " + HaLab.VIP + "/32 dev eth0 label eth0:vip\n  }\n}\n");
            List<String> cmd = new ArrayList<>(Netns.in(lab.ns(d)));
            cmd.addAll(List.of("setsid", "keepalived", "--vrrp", "--dont-fork", "--log-console", "--no-syslog",
                    "--use-file=" + conf, "--pid=" + pid, "--vrrp_pid=" + vrrpPid));
            return ChildProcess.command(cmd);
        }

        @Override
        public String readyLine() {
            return "Entering BACKUP STATE";
        }

        @Override
        public long target(ChildProcess p) {
            return -p.pid(); // parent and VRRP child together, as a crash or a freeze of the host would
        }

        /** The owner's last state line is MASTER and the other's BACKUP. */
        @Override
        public boolean agree(HaLab lab, String owner, String other) {
            return "MASTER".equals(lastState(lab.process(owner))) && "BACKUP".equals(lastState(lab.process(other)));
        }

        /** "(VI_1) Entering BACKUP STATE", "(VI_1) Entering BACKUP STATE (init)", ... */
        private static final java.util.regex.Pattern STATE = java.util.regex.Pattern.compile("Entering (\\S+) STATE");

        private static String lastState(ChildProcess p) {
            String state = "";
            for (String line : p.lines()) {
                java.util.regex.Matcher m = STATE.matcher(line);
                if (m.find()) {
                    state = m.group(1);
                }
            }
            return state;
        }
    }
}
