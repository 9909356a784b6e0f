package io.ipvsdirector.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvsdirector.cli.Main;
import io.ipvsdirector.testkit.ChildProcess;
import io.ipvsdirector.testkit.IpvsKernelTest;
import io.ipvsdirector.testkit.Ipvsadm;
import io.ipvsdirector.testkit.Poll;
import io.ipvsdirector.testkit.Shell;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * keepalived runs on a pair configuration in the test kernel and programs IPVS; its table is saved and
 * keepalived stopped. The same file converted by import-keepalived for each node must give exactly that
 * table: through {@code ipvs apply} (every check passes, so keepalived had every real server at its
 * configured weight, which is what apply writes), and through the two directors of the pair started on
 * the two converted files in namespaces, the node keepalived made MASTER holding the VIP keepalived took.
 */
@IpvsKernelTest(timeoutSeconds = 900)
class ImportKeepalivedKernelTest {
    private static final Path CONF = Path.of("src/test/resources/keepalived/lvs-pair.conf");
    private static final String VIP = "10.1.1.1";

    @TempDir
    Path dir;

    @Test
    void theConvertedPairProgramsTheTableKeepalivedProgrammed() throws Exception {
        List<String> keepalivedTable = keepalivedTable();

        Path lb1 = dir.resolve("lb1.yaml");
        Path lb2 = dir.resolve("lb2.yaml");
        CliResult imported = cli("import-keepalived", CONF.toString(), "--node", "lb1", "--output", lb1.toString());
        assertTrue(imported.exit() <= 1, imported.err());
        assertTrue(cli("import-keepalived", CONF.toString(), "--node", "lb2", "--output", lb2.toString()).exit() <= 1);
        String yaml = Files.readString(lb1);
        assertTrue(yaml.contains("address: \"10.1.1.1/32\"") && yaml.contains("label: \"lab0:vip\""), yaml);

        CliResult apply = cli("ipvs", "apply", "--config", lb1.toString(), "--state-file", dir.resolve("owned.json").toString());
        assertEquals(0, apply.exit(), apply.out() + apply.err());
        assertEquals(keepalivedTable, sorted(Ipvsadm.save()), "ipvs apply against keepalived:\n" + yaml);
        Ipvsadm.clear();

        try (LvsLab lab = new LvsLab(dir)) {
            String lan = lab.bridge("lan");
            String d1 = lab.host("d1", "lab0", lan, "10.1.1.10/24");
            String d2 = lab.host("d2", "lab0", lan, "10.1.1.11/24");
            String rs = lab.host("rs", "eth0", lan, "10.1.2.1/24");
            for (int i = 2; i <= 4; i++) {
                lab.in(rs, "ip", "addr", "add", "10.1.2." + i + "/24", "dev", "eth0");
            }
            lab.in(rs, "ip", "route", "add", "10.1.1.0/24", "dev", "eth0");
            for (String d : List.of(d1, d2)) {
                lab.in(d, "ip", "route", "add", "10.1.2.0/24", "dev", "lab0");
            }
            lab.server("rs", rs, 8080);
            ChildProcess p1 = lab.director("lb1", d1, withLocalFiles(lb1, "lb1"));
            Poll.until("lb1 holds the VIP with keepalived's label", LvsLab.WAIT,
                    () -> lab.in(d1, "ip", "-o", "addr", "show", "dev", "lab0").contains(VIP + "/32 scope global lab0:vip"));
            ChildProcess p2 = lab.director("lb2", d2, withLocalFiles(lb2, "lb2"));
            Poll.until("both directors' tables equal keepalived's", LvsLab.WAIT,
                    () -> sorted(lab.ipvsadm(d1, "-Sn")).equals(keepalivedTable) && sorted(lab.ipvsadm(d2, "-Sn")).equals(keepalivedTable));
            // Joining the cluster is the slowest part of a start on the single-CPU test kernel of a loaded machine.
            p2.awaitLine("role STARTING -> STANDBY", LvsLab.WAIT.multipliedBy(2));
            assertTrue(p1.isAlive() && p2.isAlive());
            // The single CPU of the test kernel can stall lb1 past the beacon's timeout while lb2 starts;
            // lb2 may then take over, and lb1 (priority 150, preempt) must take the VIP back.
            Poll.until("only lb1 holds the VIP", LvsLab.WAIT,
                    () -> !lab.in(d2, "ip", "-o", "addr", "show", "dev", "lab0").contains(VIP + "/32")
                            && lab.in(d1, "ip", "-o", "addr", "show", "dev", "lab0").contains(VIP + "/32"));
        }
    }

    /** keepalived's own table for the file, with every check passing; keepalived is stopped afterwards. */
    private List<String> keepalivedTable() throws Exception {
        // lab0 carries the VIP (its peer end stays silent); the real servers' addresses are local, so
        // keepalived's TCP checks reach the listeners below.
        Shell.script("ip link add lab0 type veth peer name lab1 && ip link set lab0 up && ip link set lab1 up"
                + " && ip addr add 10.1.1.10/24 dev lab0"
                + " && ip link add rs0 type dummy && ip link set rs0 up"
                + " && for a in 1 2 3 4; do ip addr add 10.1.2.$a/32 dev rs0; done");
        List<ServerSocket> listeners = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            ServerSocket s = new ServerSocket();
            s.bind(new InetSocketAddress(InetAddress.getByName("10.1.2." + i), 8080));
            listeners.add(s);
        }
        Ipvsadm.clear();
        List<String> table;
        try (ChildProcess keepalived = ChildProcess.command(List.of("keepalived", "--dont-fork", "--log-console",
                "--config-id", "lb1", "--use-file", CONF.toAbsolutePath().toString(),
                "--pid", dir.resolve("k.pid").toString(), "--vrrp_pid", dir.resolve("v.pid").toString(),
                "--checkers_pid", dir.resolve("c.pid").toString()))) {
            Poll.until("keepalived's IPVS table and VIP", Duration.ofSeconds(60), () -> Ipvsadm.save().size() == 11
                    && Shell.run("ip", "-o", "addr", "show", "lab0").out().contains(VIP + "/32 scope global lab0:vip"));
            table = sorted(Ipvsadm.save());
            keepalived.signal("TERM");
            keepalived.awaitExit(Duration.ofSeconds(30));
        }
        for (ServerSocket s : listeners) {
            s.close();
        }
        Poll.until("keepalived removed its rules", Duration.ofSeconds(10), () -> Ipvsadm.save().isEmpty());
        Shell.script("ip link del lab0 && ip link del rs0");
        return table;
    }

    /** The converted file plus this run's own state and event files, so that two directors never share one. */
    private String withLocalFiles(Path converted, String name) throws Exception {
        return Files.readString(converted) + "\nipvs:\n  state_file: " + dir.resolve(name + "-owned.json")
                + "\nnotify:\n  events: " + dir.resolve(name + "-events.jsonl") + "\n";
    }

    private record CliResult(int exit, String out, String err) {
    }

    private static CliResult cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new CliResult(code, out.toString(), err.toString());
    }

    private static List<String> sorted(List<String> rules) {
        return rules.stream().filter(l -> !l.isBlank()).sorted().toList();
    }
}
