package io.ipvsdirector.kernel.ipvs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvsdirector.kernel.netlink.Errno;
import io.ipvsdirector.kernel.netlink.InvalidRequestException;
import io.ipvsdirector.kernel.netlink.NetlinkException;
import io.ipvsdirector.kernel.netlink.ObjectExistsException;
import io.ipvsdirector.kernel.netlink.ObjectMissingException;
import io.ipvsdirector.net.InetAddresses;
import io.ipvsdirector.net.Protocol;
import io.ipvsdirector.net.ServiceKey;
import io.ipvsdirector.testkit.IpvsKernelTest;
import io.ipvsdirector.testkit.Ipvsadm;
import io.ipvsdirector.testkit.Shell;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client's operations against the real kernel, each checked with ipvsadm or read back. */
@IpvsKernelTest
class NetlinkIpvsTableKernelTest {
    private static final ServiceKey WEB = ServiceKey.of(Protocol.TCP, InetAddresses.parse("10.70.0.1"), 80);
    private static final ServiceKey API = ServiceKey.of(Protocol.TCP, InetAddresses.parse("10.70.0.2"), 80);
    private static IpvsClient client;

    @BeforeAll
    static void open() throws NetlinkException {
        client = IpvsClient.open();
    }

    @AfterAll
    static void close() {
        client.close();
        Ipvsadm.clear();
    }

    @BeforeEach
    void empty() {
        Ipvsadm.clear();
    }

    @Test
    void everyCallRunsOnTheKernelThreadAsynchronouslyOrNot() throws Exception {
        assertEquals("kernel", client.submit(t -> Thread.currentThread().getName()).get());
        assertEquals(client.call(IpvsTable::info), client.submit(IpvsTable::info).get());
    }

    @Test
    void infoAndTimeoutsAreTheOnesIpvsadmReports() throws Exception {
        IpvsInfo info = client.call(IpvsTable::info);
        assertEquals("IP Virtual Server version " + info.versionText() + " (size=" + info.connectionTableSize() + ")",
                Ipvsadm.run("-Ln").get(0));
        client.call(t -> {
            t.setTimeouts(new Timeouts(1234, 0, 56));
            return null;
        });
        assertEquals(List.of("Timeout (tcp tcpfin udp): 1234 120 56"), Ipvsadm.run("-Ln", "--timeout"));
        assertEquals(new Timeouts(1234, 120, 56), client.call(IpvsTable::timeouts));
        Ipvsadm.run("--set", "900", "120", "300");
    }

    @Test
    void syncDaemonsStartListAndStop() throws Exception {
        Shell.script("ip link add ipvs-sync type dummy; ip link set ipvs-sync up");
        try {
            SyncDaemon master = new SyncDaemon(SyncDaemon.State.MASTER, "ipvs-sync", 51, Optional.of(1400),
                    Optional.of(InetAddresses.parse("224.0.0.81")), Optional.of(8848), Optional.of(2));
            SyncDaemon backup = SyncDaemon.of(SyncDaemon.State.BACKUP, "ipvs-sync", 51);
            List<SyncDaemon> running = client.call(t -> {
                t.startSyncDaemon(master);
                t.startSyncDaemon(backup);
                return t.syncDaemons();
            });
            assertEquals(2, running.size(), running.toString());
            assertEquals(master, running.stream().filter(d -> d.state() == SyncDaemon.State.MASTER).findFirst().orElseThrow());
            SyncDaemon b = running.stream().filter(d -> d.state() == SyncDaemon.State.BACKUP).findFirst().orElseThrow();
            assertEquals(List.of("ipvs-sync", 51), List.of(b.interfaceName(), b.syncId()));
            String daemons = String.join("\n", Ipvsadm.run("-Ln", "--daemon"));
            assertTrue(daemons.contains("master sync daemon (mcast=ipvs-sync, syncid=51"), daemons);
            assertTrue(daemons.contains("backup sync daemon (mcast=ipvs-sync, syncid=51"), daemons);
            client.call(t -> {
                t.stopSyncDaemon(SyncDaemon.State.MASTER);
                t.stopSyncDaemon(SyncDaemon.State.BACKUP);
                return null;
            });
            assertEquals(List.of(), client.call(IpvsTable::syncDaemons));
        } finally {
            Shell.script("ip link del ipvs-sync");
        }
    }

    @Test
    void eachRefusalHasItsTypeAndOperation() throws Exception {
        Service web = Service.of(WEB, "wlc");
        Destination rs = Destination.of(InetAddresses.parse("10.70.1.1"), 80, ForwardingMethod.MASQ, 1);
        client.call(t -> {
            t.createService(web);
            t.createDestination(WEB, rs);
            return null;
        });
        ObjectExistsException exists = assertThrows(ObjectExistsException.class, () -> client.call(t -> {
            t.createService(web);
            return null;
        }));
        assertEquals("-A -t 10.70.0.1:80 -s wlc: File exists", exists.getMessage());
        ObjectMissingException noService = assertThrows(ObjectMissingException.class, () -> client.call(t -> {
            t.updateService(Service.of(API, "rr"));
            return null;
        }));
        assertEquals(Errno.ESRCH, noService.errno());
        ObjectMissingException noDest = assertThrows(ObjectMissingException.class, () -> client.call(t -> {
            t.updateDestination(WEB, Destination.of(InetAddresses.parse("10.70.1.9"), 80, ForwardingMethod.MASQ, 3));
            return null;
        }));
        assertEquals(Errno.ENOENT, noDest.errno());
        InvalidRequestException range = assertThrows(InvalidRequestException.class, () -> client.call(t -> {
            t.createDestination(WEB, new Destination(InetAddresses.parse("10.70.1.2"), 80, ForwardingMethod.MASQ, Optional.empty(), 1, 0, 5));
            return null;
        }));
        assertEquals(Errno.ERANGE, range.errno());
        client.call(t -> {
            t.updateService(web.withScheduler("rr"));
            t.updateDestination(WEB, rs.withWeight(7));
            t.deleteDestination(WEB, rs.key());
            return null;
        });
        assertEquals(List.of("-A -t 10.70.0.1:80 -s rr"), Ipvsadm.save());
        client.call(t -> {
            t.deleteService(WEB);
            return null;
        });
        assertEquals(List.of(), Ipvsadm.save());
    }

    @Test
    void aBatchAttributesEachRefusalToItsOwnOperation() throws Exception {
        Service web = Service.of(WEB, "wlc");
        Destination rs = Destination.of(InetAddresses.parse("10.70.1.1"), 80, ForwardingMethod.MASQ, 1);
        List<OperationResult> results = client.call(t -> t.apply(List.of(
                new IpvsOperation.CreateService(web),
                new IpvsOperation.CreateService(web),
                new IpvsOperation.CreateDestination(API, rs),
                new IpvsOperation.CreateDestination(WEB, rs))));
        assertEquals(List.of("ok", "EEXIST", "ESRCH", "ok"),
                results.stream().map(r -> r.error().map(e -> e.errno().name()).orElse("ok")).toList());
        assertEquals(List.of("-A -t 10.70.0.1:80 -s wlc", "-a -t 10.70.0.1:80 -r 10.70.1.1:80 -m -w 1"), Ipvsadm.save());
    }

    @Test
    void aLargeTableGoesInBatchesAndComesBackInMultipartDumps() throws Exception {
        List<IpvsOperation> ops = new ArrayList<>();
        for (int s = 0; s < 300; s++) {
            ServiceKey key = ServiceKey.of(Protocol.TCP, InetAddresses.parse("10.71." + (s / 250) + "." + (s % 250 + 1)), 80);
            ops.add(new IpvsOperation.CreateService(Service.of(key, "wrr")));
            for (int d = 0; d < 20; d++) {
                ops.add(new IpvsOperation.CreateDestination(key,
                        Destination.of(InetAddresses.parse("10.72." + s / 250 + "." + (d + 1)), 8000 + s, ForwardingMethod.MASQ, d)));
            }
        }
        List<OperationResult> results = client.call(t -> t.apply(ops));
        assertTrue(results.stream().allMatch(OperationResult::ok), "every operation applied");
        IpvsSnapshot snapshot = client.call(IpvsTable::snapshot);
        assertEquals(300, snapshot.services().size());
        assertEquals(6000, snapshot.services().stream().mapToInt(e -> e.destinations().size()).sum());
        assertEquals(6300, Ipvsadm.save().size());
    }
}
