package io.ipvsdirector.director;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ipvsdirector.cluster.Role;
import io.ipvsdirector.config.ConfigLoader;
import io.ipvsdirector.config.DirectorConfig;
import io.ipvsdirector.testkit.IpvsKernelTest;
import io.ipvsdirector.testkit.Ipvsadm;
import io.ipvsdirector.testkit.Poll;
import io.ipvsdirector.testkit.Shell;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel's sync daemon follows the director's role: master while ACTIVE, backup in FAULT (here
 * caused by a tracked link going down), none once the section is removed by a reload or the director
 * stops; an operator's daemon left from before is replaced. `ipvsadm -L --daemon` is the witness.
 */
@IpvsKernelTest
class ConnectionSyncKernelTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String MASTER = "master sync daemon (mcast=sync0, syncid=51";
    private static final String BACKUP = "backup sync daemon (mcast=sync0, syncid=51";
    private static final String BASE = """
            node: {name: lab}
            ipvs: {state_file: STATE}
            track: {interfaces: [trk0]}
            """;
    private static final String SYNC = "sync_daemon: {interface: sync0, sync_id: 51}\n";

    @TempDir
    Path dir;
    private Vertx vertx;

    @BeforeEach
    void start() {
        Shell.script("""
                ip link add sync0 type dummy && ip link set sync0 up && ip addr add 10.77.0.1/24 dev sync0
                ip link add trk0 type dummy && ip link set trk0 up
                ipvsadm --stop-daemon master 2>/dev/null || true
                ipvsadm --stop-daemon backup 2>/dev/null || true
                """);
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() {
        vertx.close().await();
        Shell.script("ip link del sync0; ip link del trk0; ipvsadm --stop-daemon master || true; ipvsadm --stop-daemon backup || true");
    }

    private DirectorConfig config(String text) throws Exception {
        Path file = dir.resolve("director.yaml");
        Files.writeString(file, text.replace("STATE", dir.resolve("owned.json").toString()));
        return ConfigLoader.load(vertx, file).await();
    }

    /** The daemons the kernel runs, one word each: master, backup. */
    private static List<String> daemons() {
        return Ipvsadm.run("-L", "--daemon").stream()
                .map(l -> l.startsWith(MASTER) ? "master" : l.startsWith(BACKUP) ? "backup" : l).toList();
    }

    @Test
    void theSyncDaemonFollowsTheRole() throws Exception {
        // Left by an operator: with sync_daemon configured, the director owns the daemons.
        Ipvsadm.run("--start-daemon", "backup", "--mcast-interface", "sync0", "--syncid", "51");
        Director director = new Director(vertx, config(BASE + SYNC), false);
        director.start().await();
        Poll.until("ACTIVE runs the master only", WAIT, () -> director.cluster().self().role() == Role.ACTIVE
                && daemons().equals(List.of("master")));

        Shell.script("ip link set trk0 down");
        Poll.until("FAULT runs the backup only", WAIT, () -> director.cluster().self().role() == Role.FAULT
                && daemons().equals(List.of("backup")));
        Shell.script("ip link set trk0 up");
        Poll.until("ACTIVE again: the master", WAIT, () -> director.cluster().self().role() == Role.ACTIVE
                && daemons().equals(List.of("master")));

        director.reload(config(BASE)).await();
        Poll.until("the section removed: no daemon", WAIT, () -> daemons().isEmpty());
        director.reload(config(BASE + SYNC)).await();
        Poll.until("the section back: the master", WAIT, () -> daemons().equals(List.of("master")));

        director.stop().await();
        assertEquals(List.of(), daemons(), "a stopped director leaves no daemon");
    }

    @Test
    void activeActiveRunsTheBackupAlwaysAndTheMasterWhileActiveForAnyGroup() throws Exception {
        String groups = """
                node: {name: lab}
                ipvs: {state_file: STATE}
                vip_groups:
                  - {name: web-a, priority: 150, vips: [{address: 192.0.2.10/32, interface: sync0}]}
                  - {name: web-b, priority: 100, vips: [{address: 192.0.2.11/32, interface: sync0}],
                     track: {interfaces: [trk0]}}
                """;
        Director director = new Director(vertx, config(groups + SYNC), false);
        director.start().await();
        Poll.until("ACTIVE for both groups: master and backup", WAIT,
                () -> java.util.Set.copyOf(daemons()).equals(java.util.Set.of("master", "backup")));
        Shell.script("ip link set trk0 down");
        Poll.until("web-b in FAULT, web-a still ACTIVE: both still run", WAIT,
                () -> director.cluster().groupStates().get("web-b").role() == Role.FAULT
                        && java.util.Set.copyOf(daemons()).equals(java.util.Set.of("master", "backup")));
        director.stop().await();
        assertEquals(List.of(), daemons(), "a stopped director leaves no daemon");
    }
}
