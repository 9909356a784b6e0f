package io.ipvsdirector.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ipvsdirector.process.RunAs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** exec checks: exit codes, dynamic weights, argument substitution, timeouts that kill the tree, users. */
class ExecCheckTest extends CheckTestBase {
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static Path script(String name, String body) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private static ProbeResult exec(String command, String more) throws Exception {
        return probe(Targets.of(8080, "{type: exec, command: " + command + Targets.generous(more) + "}"));
    }

    @Test
    void exitZeroIsUpOneIsDown() throws Exception {
        ProbeResult up = exec("['" + script("ok.sh", "exit 0") + "']", "");
        assertTrue(up.up());
        assertEquals("exit 0", up.reason());
        ProbeResult down = exec("['" + script("down.sh", "exit 1") + "']", "");
        assertFalse(down.up());
        assertEquals("exit 1", down.reason());
    }

    @Test
    void otherCodesAreDownUnlessDynamicThenTheyAreWeights() throws Exception {
        Path seven = script("seven.sh", "exit 7");
        assertEquals("exit 7", exec("['" + seven + "']", "").reason());
        ProbeResult dynamic = exec("['" + seven + "']", ", dynamic: true");
        assertTrue(dynamic.up());
        assertEquals(Optional.of(5), dynamic.weight(), "weight is the exit code - 2");
        ProbeResult zero = exec("['" + script("two.sh", "exit 2") + "']", ", dynamic: true");
        assertEquals(Optional.of(0), zero.weight());
        assertEquals(Optional.of(253), exec("['" + script("max.sh", "exit 255") + "']", ", dynamic: true").weight());
        assertFalse(exec("['" + script("one.sh", "exit 1") + "']", ", dynamic: true").up(), "1 stays down");
    }

    @Test
    void addressAndPortAreSubstitutedWithoutAShell() throws Exception {
        Path args = script("args.sh", "[ \"$1\" = 127.0.0.1 ] && [ \"$2\" = 'port=8080' ] && [ \"$3\" = '$HOME;x' ]");
        ProbeResult r = exec("['" + args + "', '{address}', 'port={port}', '$HOME;x']", "");
        assertTrue(r.up(), "arguments arrive as written, substituted, unexpanded: " + r.reason());
    }

    @Test
    void hangingScriptIsKilledWithItsChildrenAtTheTimeout() throws Exception {
        Path pids = dir.resolve("pids");
        Path hang = script("hang.sh", "echo $$ > " + pids + "\nsleep 300 &\necho $! >> " + pids + "\nwait");
        ProbeResult r = exec("['" + hang + "']", ", timeout: 400ms, interval: 1s");
        assertEquals("timeout after 400ms (killed)", r.reason());
        HttpCheckTest.assertBetween(r.latency(), 400, 5000);
        String[] both = Files.readString(pids).trim().split("\n");
        long script = Long.parseLong(both[0]);
        long sleep = Long.parseLong(both[1]);
        // The script was reaped when the probe ended (no zombie left): its /proc entry is gone.
        assertFalse(Files.exists(Path.of("/proc/" + script)), "the script's process is gone, not a zombie");
        Poll.until(() -> ProcessHandle.of(sleep).map(p -> !p.isAlive()).orElse(true), Duration.ofSeconds(5),
                "the script's child was killed too");
    }

    @Test
    void missingProgramIsDownWithTheReason() throws Exception {
        ProbeResult r = exec("['" + dir.resolve("absent") + "']", "");
        assertFalse(r.up());
        assertTrue(r.reason().startsWith("cannot start " + dir.resolve("absent") + ": "), r.reason());
    }

    @Test
    void runsAsTheConfiguredUserWhenRoot() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "skipped: needs root");
        Path whoami = script("whoami.sh", "[ \"$(id -un)\" = nobody ]");
        assertTrue(exec("['" + whoami + "']", ", user: nobody").up(), "ran as nobody");
        assertEquals("exit 1", exec("['" + whoami + "']", "").reason(), "without user, as root");
        ProbeResult unknown = exec("['" + whoami + "']", ", user: no-such-user-here");
        assertTrue(unknown.reason().endsWith("unknown user 'no-such-user-here'"), unknown.reason());
    }

    @Test
    void otherUserWithoutRootIsARefusalNotACrash() throws Exception {
        RunAs notRoot = new RunAs(false, "director");
        assertEquals(java.util.List.of(), notRoot.prefix(Optional.of("director")));
        try {
            notRoot.prefix(Optional.of("nobody"));
            throw new AssertionError("expected a refusal");
        } catch (java.io.IOException e) {
            assertEquals("running as user 'nobody' needs the director to run as root or with CAP_SETUID and CAP_SETGID", e.getMessage());
        }
    }
}
