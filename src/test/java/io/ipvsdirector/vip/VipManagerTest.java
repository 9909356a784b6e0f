package io.ipvsdirector.vip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvsdirector.config.AnnounceConfig;
import io.ipvsdirector.config.VipConfig;
import io.ipvsdirector.kernel.netlink.KernelThread;
import io.ipvsdirector.kernel.packet.Announcer;
import io.ipvsdirector.kernel.rtnl.AddressTable;
import io.ipvsdirector.net.IpPrefix;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The VIPs' life on an address table in memory: what the start rehearses, and that it changes nothing. */
class VipManagerTest {
    private final Vertx vertx = Vertx.vertx();
    private final KernelThread kernel = new KernelThread("kernel");
    private final List<String> calls = new ArrayList<>();
    private final List<String> events = new ArrayList<>();

    @AfterEach
    void close() {
        kernel.close();
        vertx.close();
    }

    @Test
    void theStartRehearsesTakingTheVipsWithoutAddingOrAnnouncingAnything() throws Exception {
        VipManager vips = manager();
        vips.clearStale().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(List.of("remove eth0 192.0.2.10/32", "prepare eth0 192.0.2.10/32", "rehearse eth0 192.0.2.10/32",
                "remove eth0 192.0.2.10/32"), calls);
        assertFalse(vips.holding());
        assertEquals(0, vips.announcements());
        assertEquals(List.of(), events);
    }

    @Test
    void takingAndGivingAfterTheRehearsalAddAnnounceAndRemove() throws Exception {
        VipManager vips = manager();
        vips.clearStale().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        calls.clear();
        vips.acquire(3).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertTrue(vips.holding());
        assertEquals(List.of("add eth0 192.0.2.10/32", "announce eth0 192.0.2.10/32"), calls.subList(0, 2));
        vips.release().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertFalse(vips.holding());
        assertTrue(calls.contains("remove eth0 192.0.2.10/32"));
        assertEquals(List.of("vip 192.0.2.10/32 added", "vip 192.0.2.10/32 removed"), events);
    }

    private VipManager manager() {
        AddressTable table = new AddressTable() {
            @Override
            public boolean add(String interfaceName, IpPrefix address, Optional<String> label) {
                calls.add("add " + interfaceName + " " + address);
                return true;
            }

            @Override
            public void rehearseAdd(String interfaceName, IpPrefix address, Optional<String> label) {
                calls.add("rehearse " + interfaceName + " " + address);
            }

            @Override
            public boolean remove(String interfaceName, IpPrefix address) {
                calls.add("remove " + interfaceName + " " + address);
                return calls.contains("add " + interfaceName + " " + address);
            }

            @Override
            public boolean has(String interfaceName, IpPrefix address) {
                return false;
            }
        };
        Announcer announcer = new Announcer() {
            @Override
            public void announce(String interfaceName, IpPrefix address) {
                calls.add("announce " + interfaceName + " " + address);
            }

            @Override
            public void prepare(String interfaceName, IpPrefix address) {
                calls.add("prepare " + interfaceName + " " + address);
            }
        };
        AnnounceConfig announce = new AnnounceConfig(1, Duration.ofMillis(100), Duration.ZERO, Duration.ZERO);
        return new VipManager(vertx, List.of(new VipConfig(IpPrefix.parse("192.0.2.10/32"), "eth0", Optional.empty())),
                announce, table, announcer, kernel, (type, subject, state, details) -> events.add(type + " " + subject + " " + state));
    }
}
