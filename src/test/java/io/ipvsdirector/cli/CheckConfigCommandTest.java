package io.ipvsdirector.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CheckConfigCommandTest {
    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path scratch;

    @Test
    void validConfigExitsZeroWithASummary() throws java.io.IOException {
        String pair = io.ipvsdirector.config.ExampleCopy.withKey(java.nio.file.Path.of("conf/examples/pair.yaml"), scratch)
                .toString();
        CliRun run = CliRun.of("check-config", "--config", pair);
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith(pair + ": valid\n"), run.out());
        assertTrue(run.out().contains("messages signed with " + scratch.resolve("cluster.key")), run.out());
        assertTrue(run.out().contains("2 VIP(s), 3 virtual server(s), 6 real server(s), 6 check(s) in 6 distinct probe(s)"), run.out());
        assertTrue(run.out().lines().count() < 25, "fits one screen");
        assertEquals("", run.err());
    }

    @Test
    void invalidConfigExitsTwoWithOneLinePerProblemOnStderr() {
        String file = "src/test/resources/bad-configs/51-many-problems-at-once.yaml";
        CliRun run = CliRun.of("check-config", "-c", file);
        assertEquals(2, run.exitCode());
        assertEquals("", run.out());
        assertEquals(4, run.err().lines().count(), run.err());
        run.err().lines().forEach(l -> assertTrue(l.startsWith(file + ": "), l));
        assertTrue(!run.err().contains("Exception") && !run.err().contains("\tat "), "no stack trace: " + run.err());
    }

    @Test
    void missingFileIsOneClearLine() {
        CliRun run = CliRun.of("check-config", "--config", "no/such/director.yaml");
        assertEquals(2, run.exitCode());
        assertEquals("no/such/director.yaml: (file): cannot read: no such file\n", run.err());
    }

    @Test
    void versionAndHelp() {
        CliRun version = CliRun.of("--version");
        assertEquals(0, version.exitCode());
        assertTrue(version.out().startsWith("ipvs-director "), version.out());
        for (String command : new String[] {"run", "check-config"}) {
            CliRun help = CliRun.of(command, "--help");
            assertEquals(0, help.exitCode());
            assertTrue(help.out().contains("--config"), help.out());
        }
        CliRun apply = CliRun.of("ipvs", "apply", "--help");
        assertTrue(apply.out().contains("--dry-run") && apply.out().contains("--state-file"), apply.out());
        CliRun list = CliRun.of("ipvs", "list", "--help");
        assertTrue(list.out().contains("--stats") && list.out().contains("--json"), list.out());
        CliRun group = CliRun.of("ipvs");
        assertTrue(group.out().contains("list") && group.out().contains("apply"), group.out());
    }

    @Test
    void unknownOptionIsAUsageError() {
        CliRun run = CliRun.of("check-config", "--confg", "x");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("Unknown options: '--confg', 'x'"), run.err());
        assertTrue(run.err().contains("Possible solutions: --config"), run.err());
    }
}
