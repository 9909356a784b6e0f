package io.ipvsdirector.director;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvsdirector.config.DirectorConfig;
import io.ipvsdirector.testkit.LogCapture;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigWatcherTest {
    private static final String GOOD = "virtual_servers:\n  - {name: web, address: 192.0.2.10, port: 80, "
            + "real_servers: [{address: 10.0.1.11, weight: WEIGHT}]}\n";
    private static final String BAD = "virtual_servers:\n  - {name: web, address: 192.0.2.10, port: 80, scheduler: fastest}\n";

    @TempDir
    Path dir;
    private Vertx vertx;
    private Path file;
    private long mtime = 1_000_000_000_000L;
    private final List<DirectorConfig> applied = new CopyOnWriteArrayList<>();
    private ConfigWatcher watcher;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        file = dir.resolve("director.yaml");
        byte[] content = write(GOOD.replace("WEIGHT", "1"));
        watcher = new ConfigWatcher(vertx, file, content, c -> {
            applied.add(c);
            return Future.succeededFuture();
        });
    }

    @AfterEach
    void stop() {
        vertx.close().await();
    }

    /** Writes the file with a new modification time, as an editor would. */
    private byte[] write(String text) throws Exception {
        byte[] bytes = text.getBytes();
        Files.write(file, bytes);
        Files.setLastModifiedTime(file, FileTime.fromMillis(mtime += 1000));
        return bytes;
    }

    /** Two polls: one sees the change, the next one (the file unchanged since) loads it. */
    private void poll() {
        watcher.pollNow().await();
        watcher.pollNow().await();
    }

    @Test
    void unchangedFileIsNotReloaded() throws Exception {
        poll();
        write(GOOD.replace("WEIGHT", "1")); // same content, new mtime
        poll();
        assertTrue(applied.isEmpty());
    }

    @Test
    void aChangeIsLoadedOnlyOnceTheFileHasSettled() throws Exception {
        write(GOOD.replace("WEIGHT", "2"));
        watcher.pollNow().await();
        assertTrue(applied.isEmpty(), "the first poll only notices the change");
        write(GOOD.replace("WEIGHT", "4")); // still being written
        watcher.pollNow().await();
        assertTrue(applied.isEmpty());
        watcher.pollNow().await();
        assertEquals(List.of(4), applied.stream().map(c -> c.virtualServers().get(0).realServers().get(0).weight()).toList());
    }

    @Test
    void aValidChangeIsApplied() throws Exception {
        write(GOOD.replace("WEIGHT", "7"));
        poll();
        assertEquals(1, applied.size());
        assertEquals(7, applied.get(0).virtualServers().get(0).realServers().get(0).weight());
    }

    @Test
    void anInvalidFileIsLoggedOnceAndTheRunningConfigStays() throws Exception {
        try (LogCapture log = new LogCapture(ConfigWatcher.class)) {
            write(BAD);
            poll();
            poll();
            write(BAD); // touched again, same bad content
            poll();
            assertTrue(applied.isEmpty());
            assertEquals(1, log.count("rejected, the running configuration stays in force"), log.lines().toString());
            assertEquals(1, log.count("ERROR director.yaml: virtual_servers[0].scheduler: unknown scheduler 'fastest'")
                    + log.count("/director.yaml: virtual_servers[0].scheduler: unknown scheduler 'fastest'"), log.lines().toString());

            // An explicit request (SIGHUP) reports again: the operator is asking now.
            watcher.reload("SIGHUP").otherwiseEmpty().await();
            assertEquals(2, log.count("rejected"));

            write(GOOD.replace("WEIGHT", "3"));
            poll();
            assertEquals(1, applied.size());
            assertEquals(3, applied.get(0).virtualServers().get(0).realServers().get(0).weight());
        }
    }
}
