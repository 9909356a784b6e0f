package io.ipvsdirector.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ipvsdirector.kernel.rtnl.AddressTable;
import io.ipvsdirector.net.IpPrefix;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** release-vips against an address table in memory; the namespace tier runs it on real interfaces. */
class ReleaseVipsCommandTest {
    private static final String CONFIG = """
            vips:
              - {address: 192.0.2.10/32, interface: eth0}
              - {address: 2001:db8::10/128, interface: eth0}
              - {address: 192.0.2.11/32, interface: eth1}
            """;

    @TempDir
    Path dir;

    private final Addresses table = new Addresses();

    @Test
    void removesTheConfiguredVipsThisHostHoldsAndNothingElse() throws Exception {
        table.held.addAll(Set.of("eth0 192.0.2.10/32", "eth1 192.0.2.11/32", "eth0 192.0.2.99/32"));
        CliRun run = run(CONFIG);
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(List.of("removed 192.0.2.10/32 from eth0", "removed 192.0.2.11/32 from eth1", "2 VIP(s) removed"),
                run.out().lines().toList());
        assertEquals(Set.of("eth0 192.0.2.99/32"), table.held, "an address that is not a configured VIP stays");
    }

    @Test
    void saysWhenThereWasNothingToRemove() throws Exception {
        CliRun run = run(CONFIG);
        assertEquals(0, run.exitCode());
        assertEquals(List.of("no VIP of " + dir.resolve("director.yaml") + " was on this host"), run.out().lines().toList());
    }

    @Test
    void aVipThatCannotBeRemovedIsReportedAndTheOthersAreStillRemoved() throws Exception {
        table.held.addAll(Set.of("eth0 192.0.2.10/32", "eth1 192.0.2.11/32"));
        table.refused = "192.0.2.10/32";
        CliRun run = run(CONFIG);
        assertEquals(1, run.exitCode());
        assertEquals(List.of("remove 192.0.2.10/32 from eth0: permission denied; this needs CAP_NET_ADMIN (run as root)"),
                run.err().lines().toList());
        assertEquals(List.of("removed 192.0.2.11/32 from eth1"), run.out().lines().toList());
        assertEquals(Set.of("eth0 192.0.2.10/32"), table.held);
    }

    @Test
    void anInvalidConfigurationIsReportedAndNothingIsTouched() throws Exception {
        table.held.add("eth0 192.0.2.10/32");
        CliRun run = run("vips:\n  - {address: 192.0.2.10/32}\n");
        assertEquals(Main.EXIT_CONFIG, run.exitCode());
        assertEquals(List.of(dir.resolve("director.yaml") + ": vips[0].interface: is required"), run.err().lines().toList());
        assertEquals(Set.of("eth0 192.0.2.10/32"), table.held);
    }

    private CliRun run(String yaml) throws IOException {
        Path file = dir.resolve("director.yaml");
        Files.writeString(file, yaml);
        ReleaseVipsCommand command = new ReleaseVipsCommand();
        command.addresses = () -> table;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute("--config", file.toString());
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Addresses as "INTERFACE PREFIX" strings; one address may be refused, as without CAP_NET_ADMIN. */
    private static final class Addresses implements AddressTable {
        final Set<String> held = ConcurrentHashMap.newKeySet();
        volatile String refused;

        @Override
        public boolean add(String interfaceName, IpPrefix address, Optional<String> label) {
            return held.add(interfaceName + " " + address);
        }

        @Override
        public boolean remove(String interfaceName, IpPrefix address) throws IOException {
            if (address.toString().equals(refused)) {
                throw new IOException("remove " + address + " from " + interfaceName
                        + ": permission denied; this needs CAP_NET_ADMIN (run as root)");
            }
            return held.remove(interfaceName + " " + address);
        }

        @Override
        public boolean has(String interfaceName, IpPrefix address) {
            return held.contains(interfaceName + " " + address);
        }
    }
}
