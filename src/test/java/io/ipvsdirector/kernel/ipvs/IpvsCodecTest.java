package io.ipvsdirector.kernel.ipvs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ipvsdirector.kernel.netlink.Attributes;
import io.ipvsdirector.kernel.netlink.MessageWriter;
import io.ipvsdirector.net.AddressFamily;
import io.ipvsdirector.net.InetAddresses;
import io.ipvsdirector.net.Protocol;
import io.ipvsdirector.net.ServiceKey;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Every encoder's output decodes back to the value it was given. */
class IpvsCodecTest {
    static final ServiceKey TCP4 = ServiceKey.of(Protocol.TCP, InetAddresses.parse("192.0.2.10"), 80);
    static final ServiceKey UDP6 = ServiceKey.of(Protocol.UDP, InetAddresses.parse("2001:db8::10"), 53);
    static final ServiceKey SCTP4 = ServiceKey.of(Protocol.SCTP, InetAddresses.parse("192.0.2.11"), 65535);
    static final ServiceKey FWM4 = ServiceKey.ofFwmark(AddressFamily.IPV4, 1);
    static final ServiceKey FWM6 = ServiceKey.ofFwmark(AddressFamily.IPV6, 0xfffffffe);

    private static <T> T roundTrip(T value, BiConsumer<MessageWriter, T> write, Function<Attributes, T> read) {
        MessageWriter w = new MessageWriter(4096);
        write.accept(w, value);
        return read.apply(Attributes.parse(w.buffer(), 0, w.position()).nested(1));
    }

    static List<Service> services() {
        return List.of(
                Service.of(TCP4, "wlc"),
                Service.of(UDP6, "rr"),
                Service.of(SCTP4, "lc"),
                Service.of(FWM4, "wrr"),
                Service.of(FWM6, "dh"),
                Service.of(TCP4, "sh").withPersistence(360, 24),
                new Service(UDP6, "mh", EnumSet.of(ServiceFlag.SCHED1, ServiceFlag.SCHED2, ServiceFlag.ONE_PACKET), 0,
                        Service.hostNetmask(AddressFamily.IPV6), Optional.empty()),
                Service.of(UDP6, "mh").withPersistence(100, 64),
                new Service(FWM4, "twos", Set.of(ServiceFlag.PERSISTENT, ServiceFlag.SCHED3), -1, 0, Optional.of("sip")));
    }

    static List<Destination> destinations() {
        return List.of(
                Destination.of(InetAddresses.parse("10.0.1.11"), 8080, ForwardingMethod.MASQ, 1),
                Destination.of(InetAddresses.parse("10.0.1.12"), 80, ForwardingMethod.DROUTE, 0),
                new Destination(InetAddresses.parse("10.0.1.13"), 80, ForwardingMethod.TUNNEL, Optional.empty(), 65535, 100, 10),
                new Destination(InetAddresses.parse("2001:db8::13"), 80, ForwardingMethod.TUNNEL,
                        Optional.of(new Tunnel(Tunnel.Type.GUE, 6080, Tunnel.Checksum.REMCSUM)), 5, -1, -2),
                new Destination(InetAddresses.parse("10.0.1.14"), 0, ForwardingMethod.TUNNEL,
                        Optional.of(new Tunnel(Tunnel.Type.GRE, 0, Tunnel.Checksum.CSUM)), 2, 0, 0),
                Destination.of(InetAddresses.parse("127.0.0.1"), 80, ForwardingMethod.LOCAL, 3));
    }

    @Test
    void servicesRoundTrip() {
        for (Service s : services()) {
            assertEquals(s, roundTrip(s, (w, v) -> ServiceCodec.write(w, 1, v), ServiceCodec::read));
            assertEquals(s.key(), roundTrip(s.key(), (w, v) -> ServiceCodec.writeKey(w, 1, v), ServiceCodec::readKey));
        }
    }

    @Test
    void serviceEntriesRoundTripWithBothWidthsOfCounters() {
        Stats big = new Stats(1L << 40, 2, 3, Long.MAX_VALUE, 5, 6, 7, 8, 9, 10);
        Stats truncated = new Stats(0, 2, 3, Long.MAX_VALUE, 5, 6, 7, 8, 9, 10);
        ServiceEntry e = new ServiceEntry(Service.of(TCP4, "wlc"), big, big);
        ServiceEntry back = roundTrip(e, (w, v) -> ServiceCodec.writeEntry(w, 1, v), ServiceCodec::readEntry);
        assertEquals(e.service(), back.service());
        assertEquals(big, back.stats64(), "64-bit counters keep every bit");
        assertEquals(truncated, back.stats(), "STATS carries 32-bit counters (bytes are 64-bit)");
    }

    @Test
    void destinationsRoundTripWithTheirOwnFamily() {
        for (Destination d : destinations()) {
            // Decoded against a service of the other family: the destination's ADDR_FAMILY decides.
            AddressFamily other = d.family() == AddressFamily.IPV4 ? AddressFamily.IPV6 : AddressFamily.IPV4;
            assertEquals(d, roundTrip(d, (w, v) -> DestinationCodec.write(w, 1, v), a -> DestinationCodec.read(a, other)));
            DestinationEntry e = new DestinationEntry(d, 1, 2, 3, new Stats(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), Stats.ZERO);
            assertEquals(e, roundTrip(e, (w, v) -> DestinationCodec.writeEntry(w, 1, v), a -> DestinationCodec.readEntry(a, other)));
        }
    }

    @Test
    void syncDaemonsRoundTrip() {
        List<SyncDaemon> daemons = List.of(
                SyncDaemon.of(SyncDaemon.State.MASTER, "eth0", 0),
                new SyncDaemon(SyncDaemon.State.BACKUP, "bond0.100", 255, Optional.of(1472),
                        Optional.of(InetAddresses.parse("224.0.0.81")), Optional.of(8848), Optional.of(1)),
                new SyncDaemon(SyncDaemon.State.MASTER, "eth1", 7, Optional.empty(),
                        Optional.of(InetAddresses.parse("ff02::81")), Optional.empty(), Optional.of(255)));
        for (SyncDaemon d : daemons) {
            assertEquals(d, roundTrip(d, (w, v) -> SyncDaemonCodec.write(w, 1, v), SyncDaemonCodec::read));
        }
    }

    @Test
    void timeoutsAndInfoRoundTrip() {
        MessageWriter w = new MessageWriter(256);
        KernelSettingsCodec.writeTimeouts(w, new Timeouts(900, 120, 300));
        assertEquals(new Timeouts(900, 120, 300), KernelSettingsCodec.readTimeouts(Attributes.parse(w.buffer(), 0, w.position())));
        w.clear();
        KernelSettingsCodec.writeTimeouts(w, new Timeouts(0, 60, 0));
        assertEquals(new Timeouts(0, 60, 0), KernelSettingsCodec.readTimeouts(Attributes.parse(w.buffer(), 0, w.position())),
                "a zero timeout is not sent at all");
        w.clear();
        KernelSettingsCodec.writeInfo(w, new IpvsInfo(0x010201, 4096));
        IpvsInfo info = KernelSettingsCodec.readInfo(Attributes.parse(w.buffer(), 0, w.position()));
        assertEquals(new IpvsInfo(0x010201, 4096), info);
        assertEquals("1.2.1", info.versionText());
    }
}
