package io.ipvsdirector.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvsdirector.net.AddressFamily;
import io.ipvsdirector.net.InetAddresses;
import io.ipvsdirector.net.Protocol;
import io.ipvsdirector.net.ServiceKey;
import io.ipvsdirector.testkit.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnershipFileTest {
    @TempDir
    Path dir;

    private static final Set<ServiceKey> KEYS = new LinkedHashSet<>(List.of(
            ServiceKey.of(Protocol.TCP, InetAddresses.parse("192.0.2.10"), 80),
            ServiceKey.of(Protocol.SCTP, InetAddresses.parse("2001:db8::10"), 5000),
            ServiceKey.ofFwmark(AddressFamily.IPV6, 0xfffffff0)));

    @Test
    void whatIsSavedIsLoadedBackAndTheFileIsReadableJson() throws Exception {
        OwnershipFile file = new OwnershipFile(dir.resolve("state/ipvs-owned.json"));
        assertEquals(Set.of(), file.load(), "no file: nothing owned yet");
        file.save(KEYS);
        assertEquals(KEYS, file.load());
        String text = Files.readString(file.path());
        assertTrue(text.contains("\"address\" : \"2001:db8::10\""), text);
        assertTrue(text.contains("\"fwmark\" : 4294967280"), text);
        assertTrue(Files.notExists(dir.resolve("state/ipvs-owned.json.tmp")));
    }

    @Test
    void aBrokenRecordIsAWarningAndOwnsNothing() throws Exception {
        Path path = dir.resolve("owned.json");
        Files.writeString(path, "{\"services\": [{\"family\": \"ipv5\"}]}");
        try (LogCapture log = new LogCapture(OwnershipFile.class)) {
            assertEquals(Set.of(), new OwnershipFile(path).load());
            assertEquals(1, log.count("WARN ipvs: the state file " + path + " is not a valid record"), log.lines().toString());
        }
    }

    @Test
    void aWriteFailureIsAWarningNotAFailure() throws Exception {
        Path blocker = dir.resolve("not-a-directory");
        Files.writeString(blocker, "");
        try (LogCapture log = new LogCapture(OwnershipFile.class)) {
            new OwnershipFile(blocker.resolve("owned.json")).save(KEYS);
            assertEquals(1, log.count("WARN ipvs: cannot write the state file"), log.lines().toString());
        }
    }
}
