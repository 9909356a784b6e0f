package io.ipvsdirector.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ipvsdirector.net.HostPort;
import io.ipvsdirector.net.InetAddresses;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A beacon as large as many groups make it arrives whole (the transport's default read is 2 KiB). */
class LivenessBeaconTest {
    @Test
    void aBeaconOfManyGroupsArrivesWhole() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            String big = "x".repeat(20_000);
            HostPort a = new HostPort(InetAddresses.parse("127.0.0.1"), 47_101);
            HostPort b = new HostPort(InetAddresses.parse("127.0.0.1"), 47_102);
            CompletableFuture<String> received = new CompletableFuture<>();
            LivenessBeacon receiver = new LivenessBeacon(vertx, b, List.of(a), Duration.ofHours(1), () -> "",
                    (text, from) -> received.complete(text), gap -> { });
            LivenessBeacon sender = new LivenessBeacon(vertx, a, List.of(b), Duration.ofHours(1), () -> big,
                    (text, from) -> { }, gap -> { });
            vertx.runOnContext(v -> receiver.start().compose(x -> sender.start()).onSuccess(x -> sender.send()));
            assertEquals(big.length(), received.get(20, TimeUnit.SECONDS).length());
        } finally {
            vertx.close().await();
        }
    }
}
