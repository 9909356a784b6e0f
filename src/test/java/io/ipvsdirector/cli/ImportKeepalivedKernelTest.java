package io.ipvsdirector.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvsdirector.testkit.ChildProcess;
import io.ipvsdirector.testkit.IpvsKernelTest;
import io.ipvsdirector.testkit.Ipvsadm;
import io.ipvsdirector.testkit.Poll;
import io.ipvsdirector.testkit.Shell;
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
 * keepalived stopped. The same file, converted by import-keepalived for the same node and applied by
 * {@code ipvs apply}, must give exactly the table keepalived made (every check passes, so keepalived had
 * every real server at its configured weight, which is what apply writes), and the VIP keepalived took.
 */
@IpvsKernelTest(timeoutSeconds = 400)
class ImportKeepalivedKernelTest {
    private static final Path CONF = Path.of("src/test/resources/keepalived/lvs-pair.conf");

    @TempDir
    Path dir;

    @Test
    void theConvertedConfigurationProgramsTheTableKeepalivedProgrammed() throws Exception {
        // lab0 carries the VIP (the peer end lab1 stays silent); the real servers' addresses are local, so
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
        List<String> keepalivedTable;
        String vipLine;
        try (ChildProcess keepalived = ChildProcess.command(List.of("keepalived", "--dont-fork", "--log-console",
                "--config-id", "lb1", "--use-file", CONF.toAbsolutePath().toString(),
                "--pid", dir.resolve("k.pid").toString(), "--vrrp_pid", dir.resolve("v.pid").toString(),
                "--checkers_pid", dir.resolve("c.pid").toString()))) {
            Poll.until("keepalived's IPVS table and VIP", Duration.ofSeconds(60), () -> Ipvsadm.save().size() == 11
                    && Shell.run("ip", "-br", "addr", "show", "lab0").out().contains("10.1.1.1/32"));
            keepalivedTable = sorted(Ipvsadm.save());
            vipLine = Shell.ok("ip", "addr", "show", "lab0").out();
            keepalived.signal("TERM");
            keepalived.awaitExit(Duration.ofSeconds(30));
        }
        for (ServerSocket s : listeners) {
            s.close();
        }
        Poll.until("keepalived removed its rules", Duration.ofSeconds(10), () -> Ipvsadm.save().isEmpty());
        assertTrue(vipLine.contains("lab0:vip"), vipLine);

        Path out = dir.resolve("director.yaml");
        CliRun imported = CliRun.of("import-keepalived", CONF.toString(), "--node", "lb1", "--output", out.toString());
        assertTrue(imported.exitCode() <= 1, imported.err());
        String yaml = Files.readString(out);
        assertTrue(yaml.contains("address: \"10.1.1.1/32\"") && yaml.contains("label: \"lab0:vip\""), yaml);
        CliRun apply = CliRun.of("ipvs", "apply", "--config", out.toString(), "--state-file", dir.resolve("owned.json").toString());
        assertEquals(0, apply.exitCode(), apply.out() + apply.err());
        assertEquals(keepalivedTable, sorted(Ipvsadm.save()), "the director's table against keepalived's:\n" + yaml);
        Ipvsadm.clear();
    }

    private static List<String> sorted(List<String> rules) {
        return rules.stream().filter(l -> !l.isBlank()).sorted().toList();
    }
}
