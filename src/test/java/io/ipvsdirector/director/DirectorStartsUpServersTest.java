package io.ipvsdirector.director;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ipvsdirector.config.ConfigLoader;
import io.ipvsdirector.config.DirectorConfig;
import io.ipvsdirector.reconcile.PolicyPlan;
import io.ipvsdirector.testkit.Poll;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real servers whose verdict never changes by itself still reach the table: `check: none` and
 * `initial: up` at start, and a virtual server added by a reload on a probe that already decided.
 * The director runs with --dry-run, on the in-memory table, so no kernel is needed.
 */
class DirectorStartsUpServersTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private Vertx vertx;
    private Director director;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() {
        if (director != null) {
            director.stop().await();
        }
        vertx.close().await();
    }

    private DirectorConfig config(String virtualServers) throws Exception {
        Path file = dir.resolve("director.yaml");
        Files.writeString(file, "ipvs: {state_file: " + dir.resolve("owned.json") + "}\n"
                + "notify: {events: " + dir.resolve("events.jsonl") + "}\nvirtual_servers:\n" + virtualServers);
        return ConfigLoader.load(vertx, file).await();
    }

    private static String vs(String name, int port, String check) {
        // Port 9 on 127.0.0.1: discard, which nothing here listens on, so a real probe would fail.
        return "  - {name: " + name + ", address: 127.0.0.100, port: " + port + ", check: " + check
                + ", real_servers: [{address: 127.0.0.1, port: 9}]}\n";
    }

    /** The state and weight of each virtual server's one real server in the director's plan. */
    private List<String> servers() {
        PolicyPlan plan = director.loop().plan();
        return plan == null ? List.of() : plan.services().stream()
                .map(s -> s.name() + " " + s.servers().get(0).state() + " " + s.servers().get(0).weight().map(String::valueOf).orElse("-"))
                .toList();
    }

    @Test
    void noneAndInitialUpAreInTheTableFromTheStart() throws Exception {
        director = new Director(vertx, config(vs("plain", 80, "{type: none}")
                + vs("hopeful", 81, "{type: tcp, initial: up, interval: 1h}")), true);
        director.start().await();
        Poll.until("both in the table", WAIT, () -> servers().equals(List.of("plain up 1", "hopeful up 1")));
    }

    @Test
    void aVirtualServerAddedOnADecidedProbeGetsItsVerdict() throws Exception {
        director = new Director(vertx, config(vs("web", 80, "{type: none}")), true);
        director.start().await();
        Poll.until("web in", WAIT, () -> servers().equals(List.of("web up 1")));
        director.reload(config(vs("web", 80, "{type: none}") + vs("web-alt", 8080, "{type: none}"))).await();
        Poll.until("web-alt in as well", WAIT, () -> servers().equals(List.of("web up 1", "web-alt up 1")));
        assertEquals(Optional.of(1), director.loop().plan().services().get(1).servers().get(0).weight());
    }
}
