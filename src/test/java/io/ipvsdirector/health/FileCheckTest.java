package io.ipvsdirector.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** file checks: the file's word or weight, and the maintenance directory. */
class FileCheckTest extends CheckTestBase {
    @TempDir
    Path dir;

    private ProbeResult file(String check) throws Exception {
        return probe(Targets.of(8080, "{type: file, " + check + "}"));
    }

    private ProbeResult withContent(String content) throws Exception {
        Files.writeString(dir.resolve("state-127.0.0.1-8080"), content);
        return file("path: '" + dir.resolve("state-{address}-{port}") + "'");
    }

    @Test
    void contentDecides() throws Exception {
        assertTrue(withContent("up\n").up());
        assertEquals(dir.resolve("state-127.0.0.1-8080") + " says down", withContent("DOWN").reason());
        ProbeResult drain = withContent(" drain ");
        assertTrue(drain.up() && drain.drain(), "drain is up with weight 0 for new connections");
        ProbeResult weight = withContent("17\n");
        assertTrue(weight.up());
        assertEquals(Optional.of(17), weight.weight());
        ProbeResult garbage = withContent("maybe");
        assertFalse(garbage.up());
        assertEquals(dir.resolve("state-127.0.0.1-8080") + " holds 'maybe', not up, down, drain or a weight 0..65535",
                garbage.reason());
        assertFalse(withContent("70000").up(), "above the largest IPVS weight");
    }

    @Test
    void missingFileIsDown() throws Exception {
        assertEquals(dir.resolve("absent") + " does not exist", file("path: '" + dir.resolve("absent") + "'").reason());
    }

    @Test
    void maintenanceFileNamedAfterTheServerForcesItDown() throws Exception {
        Path maintenance = Files.createDirectory(dir.resolve("maintenance"));
        Files.writeString(dir.resolve("state"), "up");
        String check = "path: '" + dir.resolve("state") + "', maintenance_dir: '" + maintenance + "'";
        assertTrue(file(check).up());
        Files.createFile(maintenance.resolve("127.0.0.1:8080"));
        assertEquals("in maintenance (" + maintenance.resolve("127.0.0.1:8080") + ")", file(check).reason());
        Files.delete(maintenance.resolve("127.0.0.1:8080"));
        Files.createFile(maintenance.resolve("127.0.0.1"));
        assertFalse(file(check).up(), "the bare address covers every port");
        Files.delete(maintenance.resolve("127.0.0.1"));
        Files.createFile(maintenance.resolve("127.0.0.2"));
        assertTrue(file("maintenance_dir: '" + maintenance + "'").up(), "another server's file does not count");
    }
}
