package io.ipvsdirector.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ipvsdirector.kernel.ipvs.Destination;
import io.ipvsdirector.kernel.ipvs.ForwardingMethod;
import io.ipvsdirector.kernel.ipvs.IpvsOperation;
import io.ipvsdirector.kernel.ipvs.Service;
import io.ipvsdirector.kernel.ipvs.Timeouts;
import io.ipvsdirector.kernel.ipvs.Tunnel;
import io.ipvsdirector.net.InetAddresses;
import io.ipvsdirector.net.Protocol;
import io.ipvsdirector.net.ServiceKey;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TableDiffTest {
    static final ServiceKey WEB = ServiceKey.of(Protocol.TCP, InetAddresses.parse("192.0.2.10"), 80);
    static final ServiceKey API = ServiceKey.of(Protocol.TCP, InetAddresses.parse("192.0.2.11"), 80);
    static final ServiceKey FOREIGN = ServiceKey.of(Protocol.TCP, InetAddresses.parse("192.0.2.99"), 80);

    static Destination rs(String address, int weight) {
        return Destination.of(InetAddresses.parse(address), 8080, ForwardingMethod.MASQ, weight);
    }

    static Table table(Table.Entry... entries) {
        return Table.of(List.of(entries));
    }

    static Table.Entry entry(Service s, Destination... dests) {
        return Table.Entry.of(s, List.of(dests));
    }

    static List<String> words(List<IpvsOperation> ops) {
        return ops.stream().map(IpvsOperation::ipvsadm).toList();
    }

    private static List<String> diff(Table desired, Table actual, Set<ServiceKey> owned) {
        return words(TableDiff.operations(desired, actual, owned));
    }

    private static final Table DESIRED = table(
            entry(Service.of(WEB, "wlc"), rs("10.0.1.11", 10), rs("10.0.1.12", 10)),
            entry(Service.of(API, "rr"), rs("10.0.1.21", 1)));

    @Test
    void fromAnEmptyTableEachServiceComesBeforeItsDestinations() {
        assertEquals(List.of(
                "-A -t 192.0.2.10:80 -s wlc",
                "-a -t 192.0.2.10:80 -r 10.0.1.11:8080 -m -w 10",
                "-a -t 192.0.2.10:80 -r 10.0.1.12:8080 -m -w 10",
                "-A -t 192.0.2.11:80 -s rr",
                "-a -t 192.0.2.11:80 -r 10.0.1.21:8080 -m -w 1"), diff(DESIRED, table(), Set.of()));
    }

    @Test
    void anEqualTableNeedsNothing() {
        assertEquals(List.of(), diff(DESIRED, DESIRED, Set.of(WEB, API)));
    }

    @Test
    void aWeightChangeIsExactlyOneDestinationUpdate() {
        Table actual = table(entry(Service.of(WEB, "wlc"), rs("10.0.1.11", 10), rs("10.0.1.12", 20)),
                entry(Service.of(API, "rr"), rs("10.0.1.21", 1)));
        assertEquals(List.of("-e -t 192.0.2.10:80 -r 10.0.1.12:8080 -m -w 10"), diff(DESIRED, actual, Set.of()));
    }

    @Test
    void aSchedulerChangeIsExactlyOneServiceUpdate() {
        Table actual = table(entry(Service.of(WEB, "wlc"), rs("10.0.1.11", 10), rs("10.0.1.12", 10)),
                entry(Service.of(API, "wrr"), rs("10.0.1.21", 1)));
        assertEquals(List.of("-E -t 192.0.2.11:80 -s rr"), diff(DESIRED, actual, Set.of()));
    }

    @Test
    void aForwardingOrTunnelChangeIsAnUpdateNeverADeleteAndAdd() {
        Destination tun = new Destination(InetAddresses.parse("10.0.1.21"), 8080, ForwardingMethod.TUNNEL,
                Optional.of(new Tunnel(Tunnel.Type.GUE, 6080, Tunnel.Checksum.NOCSUM)), 1, 0, 0);
        Destination gre = new Destination(tun.address(), 8080, ForwardingMethod.TUNNEL, Optional.of(new Tunnel(Tunnel.Type.GRE, 0,
                Tunnel.Checksum.CSUM)), 1, 0, 0);
        Table want = table(entry(Service.of(API, "rr"), tun));
        assertEquals(List.of("-e -t 192.0.2.11:80 -r 10.0.1.21:8080 -i -w 1 --tun-type gue --tun-port 6080 --tun-nocsum"),
                diff(want, table(entry(Service.of(API, "rr"), rs("10.0.1.21", 1))), Set.of()));
        assertEquals(List.of("-e -t 192.0.2.11:80 -r 10.0.1.21:8080 -i -w 1 --tun-type gue --tun-port 6080 --tun-nocsum"),
                diff(want, table(entry(Service.of(API, "rr"), gre)), Set.of()));
    }

    @Test
    void thresholdsArePartOfADestination() {
        Destination limited = new Destination(InetAddresses.parse("10.0.1.21"), 8080, ForwardingMethod.MASQ, Optional.empty(), 1, 100, 10);
        assertEquals(List.of("-e -t 192.0.2.11:80 -r 10.0.1.21:8080 -m -w 1 -x 100 -y 10"),
                diff(table(entry(Service.of(API, "rr"), limited)), table(entry(Service.of(API, "rr"), rs("10.0.1.21", 1))), Set.of()));
    }

    @Test
    void aLocalDestinationMatchesWhateverMethodWasAsked() {
        Destination local = Destination.of(InetAddresses.parse("10.0.1.21"), 8080, ForwardingMethod.LOCAL, 1);
        assertEquals(List.of(), diff(table(entry(Service.of(API, "rr"), rs("10.0.1.21", 1))),
                table(entry(Service.of(API, "rr"), local)), Set.of()));
    }

    @Test
    void timeoutAndNetmaskMatterOnlyToPersistentServices() {
        Service plain = Service.of(API, "rr");
        Service odd = new Service(API, "rr", Set.of(), 7, 0, Optional.empty());
        assertEquals(List.of(), diff(table(entry(plain)), table(entry(odd)), Set.of()));
        Service sticky = plain.withPersistence(300, 24);
        assertEquals(List.of("-E -t 192.0.2.11:80 -s rr -p 300 -M 255.255.255.0"),
                diff(table(entry(sticky)), table(entry(plain.withPersistence(300, 32))), Set.of()));
        assertEquals(List.of("-E -t 192.0.2.11:80 -s rr"), diff(table(entry(plain)), table(entry(sticky)), Set.of()));
    }

    @Test
    void aRemovedRealServerIsOneDeleteAndAddsComeFirst() {
        Table want = table(entry(Service.of(WEB, "wlc"), rs("10.0.1.11", 10), rs("10.0.1.13", 10)));
        Table have = table(entry(Service.of(WEB, "wlc"), rs("10.0.1.11", 10), rs("10.0.1.12", 10)));
        assertEquals(List.of("-a -t 192.0.2.10:80 -r 10.0.1.13:8080 -m -w 10", "-d -t 192.0.2.10:80 -r 10.0.1.12:8080"),
                diff(want, have, Set.of()));
    }

    @Test
    void servicesNotOwnedAreNeverTouchedAndOwnedOnesGoWithOneDelete() {
        Table have = table(entry(Service.of(WEB, "wlc"), rs("10.0.1.11", 10), rs("10.0.1.12", 10)),
                entry(Service.of(API, "rr"), rs("10.0.1.21", 1), rs("10.0.1.22", 1)),
                entry(Service.of(FOREIGN, "rr"), rs("10.0.9.9", 1)));
        Table want = table(entry(Service.of(WEB, "wlc"), rs("10.0.1.11", 10), rs("10.0.1.12", 10)));
        assertEquals(List.of(), diff(want, have, Set.of(WEB)), "API is not owned: left alone");
        assertEquals(List.of("-D -t 192.0.2.11:80"), diff(want, have, Set.of(WEB, API)),
                "no per-destination deletes: the kernel deletes them with their service");
    }

    @Test
    void aDestinationAddedByHandToAnOwnedServiceIsRemoved() {
        Table have = table(entry(Service.of(API, "rr"), rs("10.0.1.21", 1), rs("10.0.9.9", 1)));
        assertEquals(List.of("-d -t 192.0.2.11:80 -r 10.0.9.9:8080"),
                diff(table(entry(Service.of(API, "rr"), rs("10.0.1.21", 1))), have, Set.of()));
    }

    @Test
    void serviceDeletesComeLast() {
        Table have = table(entry(Service.of(FOREIGN, "rr")), entry(Service.of(WEB, "rr")));
        Table want = table(entry(Service.of(WEB, "wlc")), entry(Service.of(API, "rr")));
        assertEquals(List.of("-E -t 192.0.2.10:80 -s wlc", "-A -t 192.0.2.11:80 -s rr", "-D -t 192.0.2.99:80"),
                diff(want, have, Set.of(FOREIGN)));
    }

    @Test
    void onlyTheTimeoutsThatDifferAreSet() {
        Timeouts kernel = new Timeouts(900, 120, 300);
        assertEquals(Optional.empty(), TableDiff.timeouts(new Timeouts(900, 0, 0), kernel));
        assertEquals(Optional.of(new Timeouts(1000, 0, 200)), TableDiff.timeouts(new Timeouts(1000, 120, 200), kernel));
    }
}
