package io.ipvsdirector.kernel.ipvs;

import static io.ipvsdirector.kernel.netlink.FakeTransport.PORT_ID;
import static io.ipvsdirector.kernel.netlink.FakeTransport.ack;
import static io.ipvsdirector.kernel.netlink.FakeTransport.done;
import static io.ipvsdirector.kernel.netlink.FakeTransport.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvsdirector.kernel.netlink.Errno;
import io.ipvsdirector.kernel.netlink.FakeTransport;
import io.ipvsdirector.kernel.netlink.GenericNetlink;
import io.ipvsdirector.kernel.netlink.GenlFamily;
import io.ipvsdirector.kernel.netlink.Netlink;
import io.ipvsdirector.kernel.netlink.NetlinkConnection;
import io.ipvsdirector.kernel.netlink.ObjectMissingException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The IPVS client against a scripted kernel: family resolution, dumps decoded, batches attributed. */
class NetlinkIpvsTableTest {
    private static final int FAMILY = 0x21;

    private final FakeTransport kernel = new FakeTransport();
    private final NetlinkConnection connection = new NetlinkConnection(kernel);

    /** The controller's answer to GETFAMILY "IPVS". */
    private static byte[] family(int seq) {
        return message(0x10, 0, seq, PORT_ID, w -> {
            GenericNetlink.header(w, 1, 2);
            w.attrString(2, "IPVS");
            w.attrU16(1, FAMILY);
            w.attrU32(3, 1);
        });
    }

    @Test
    void withoutTheFamilyIpLoadsTheModuleOnceThenGivesUpWithTheOperatorsLine() {
        kernel.reply(ack(1, Errno.ENOENT.value())).reply(ack(2, Errno.ENOENT.value()));
        AtomicInteger loads = new AtomicInteger();
        IpvsUnavailableException e = assertThrows(IpvsUnavailableException.class, () -> NetlinkIpvsTable.resolve(connection, m -> {
            assertEquals("ip_vs", m);
            loads.incrementAndGet();
            return false;
        }));
        assertEquals("IPVS is not available in this kernel (module ip_vs could not be loaded)", e.getMessage());
        assertEquals(1, loads.get());
        assertEquals(2, kernel.sent().size(), "asked before and after loading");
    }

    @Test
    void theFamilyFoundAfterLoadingTheModuleIsUsed() throws Exception {
        kernel.reply(ack(1, Errno.ENOENT.value())).reply(family(2)).reply(ack(2, 0));
        GenlFamily f = NetlinkIpvsTable.resolve(connection, m -> true);
        assertEquals(new GenlFamily("IPVS", FAMILY, 1), f);
    }

    @Test
    void aPresentFamilyNeedsNoModuleLoad() throws Exception {
        kernel.reply(family(1), ack(1, 0));
        assertEquals(FAMILY, NetlinkIpvsTable.resolve(connection, m -> {
            throw new AssertionError("no modprobe when IPVS is there");
        }).id());
    }

    @Test
    void servicesAndDestinationsAreDecodedFromTheirDumps() throws Exception {
        NetlinkIpvsTable table = new NetlinkIpvsTable(connection, new GenlFamily("IPVS", FAMILY, 1));
        List<ServiceEntry> services = new ArrayList<>();
        for (Service s : IpvsCodecTest.services()) {
            services.add(new ServiceEntry(s, Stats.ZERO, new Stats(1, 2, 3, 4, 5, 6, 7, 8, 9, 10)));
        }
        byte[][] parts = new byte[services.size() + 1][];
        for (int i = 0; i < services.size(); i++) {
            ServiceEntry e = services.get(i);
            parts[i] = message(FAMILY, Netlink.NLM_F_MULTI, 1, PORT_ID, w -> {
                GenericNetlink.header(w, IpvsUapi.CMD_NEW_SERVICE, 1);
                ServiceCodec.writeEntry(w, IpvsUapi.CMD_ATTR_SERVICE, e);
            });
        }
        parts[services.size()] = done(1);
        kernel.reply(parts);
        assertEquals(services, table.services());

        List<DestinationEntry> dests = IpvsCodecTest.destinations().stream().map(DestinationEntry::of).toList();
        List<byte[]> destParts = new ArrayList<>();
        for (DestinationEntry d : dests) {
            destParts.add(message(FAMILY, Netlink.NLM_F_MULTI, 2, PORT_ID, w -> {
                GenericNetlink.header(w, IpvsUapi.CMD_NEW_DEST, 1);
                DestinationCodec.writeEntry(w, IpvsUapi.CMD_ATTR_DEST, d);
            }));
        }
        kernel.reply(destParts.toArray(new byte[0][])).reply(done(2));
        assertEquals(dests, table.destinations(IpvsCodecTest.TCP4));
    }

    @Test
    void eachOperationOfABatchGetsItsOwnResult() throws Exception {
        NetlinkIpvsTable table = new NetlinkIpvsTable(connection, new GenlFamily("IPVS", FAMILY, 1));
        kernel.respondWith(sent -> {
            List<Integer> seqs = FakeTransport.seqs(sent);
            return List.of(ack(seqs.get(0), Errno.EEXIST.value()), ack(seqs.get(2), 0));
        });
        Service web = Service.of(IpvsCodecTest.TCP4, "wlc");
        Destination rs = IpvsCodecTest.destinations().get(0);
        List<OperationResult> results = table.apply(List.of(new IpvsOperation.CreateService(web),
                new IpvsOperation.CreateDestination(web.key(), rs), new IpvsOperation.UpdateService(web)));
        assertEquals("-A -t 192.0.2.10:80 -s wlc: File exists", results.get(0).error().orElseThrow().getMessage());
        assertTrue(results.get(1).ok());
        assertTrue(results.get(2).ok());

        kernel.respondWith(sent -> List.of(ack(FakeTransport.seqs(sent).get(0), Errno.ESRCH.value())));
        ObjectMissingException e = assertThrows(ObjectMissingException.class, () -> table.updateService(web));
        assertEquals("-E -t 192.0.2.10:80 -s wlc: No such process", e.getMessage());
    }
}
