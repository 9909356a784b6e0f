package io.ipvsdirector.health;

import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A Vert.x instance and the checks over it, for one test class; probes are awaited with a deadline. */
abstract class CheckTestBase {
    static Vertx vertx;
    static Checks checks;

    @BeforeAll
    static void startChecks() {
        vertx = Vertx.vertx();
        checks = new Checks(vertx);
    }

    @AfterAll
    static void stopChecks() {
        checks.close();
        vertx.close().await();
    }

    static ProbeResult probe(ProbeTarget target) throws Exception {
        return checks.probe(target).await(20, TimeUnit.SECONDS);
    }
}
