package io.ipvsdirector.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvsdirector.config.TestConfigs;
import io.ipvsdirector.kernel.ipvs.IpvsClient;
import io.ipvsdirector.kernel.netlink.NetlinkException;
import io.ipvsdirector.testkit.IpvsKernelTest;
import io.ipvsdirector.testkit.Ipvsadm;
import io.ipvsdirector.testkit.Shell;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The apply step against the real kernel while ipvsadm changes the table between its dump and its operations. */
@IpvsKernelTest
class ReconcilerKernelTest {
    private static final Table DESIRED = DesiredTable.from(TestConfigs.valid("""
            virtual_servers:
              - {address: 10.60.0.1, port: 80, real_servers: [{address: 10.60.1.1}]}
              - {address: 10.60.0.2, port: 80, real_servers: [{address: 10.60.1.2, weight: 5}]}
              - {address: 10.60.0.3, port: 80, real_servers: [{address: 10.60.1.3}]}
            """));

    private static final List<String> CONVERGED = List.of(
            "-A -t 10.60.0.1:80 -s wlc", "-a -t 10.60.0.1:80 -r 10.60.1.1:80 -m -w 1",
            "-A -t 10.60.0.2:80 -s wlc", "-a -t 10.60.0.2:80 -r 10.60.1.2:80 -m -w 5",
            "-A -t 10.60.0.3:80 -s wlc", "-a -t 10.60.0.3:80 -r 10.60.1.3:80 -m -w 1");

    private static IpvsClient client;

    private final RecordingListener listener = new RecordingListener();
    private final List<String> heard = listener.heard;

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
    void aTableThatNeedsAWeightAndASchedulerChange() {
        Ipvsadm.clear();
        Ipvsadm.restore("""
                -A -t 10.60.0.2:80 -s wlc
                -a -t 10.60.0.2:80 -r 10.60.1.2:80 -m -w 1
                -A -t 10.60.0.3:80 -s rr
                -a -t 10.60.0.3:80 -r 10.60.1.3:80 -m -w 1
                """);
    }

    @Test
    void changesUnderneathAreReadAgainAndTheTableConverges() throws Exception {
        ReconcileResult result = client.call(t -> new Reconciler(t, OwnershipStore.inMemory(), listener, round -> {
            if (round == 1) {
                // After the dump, before the operations: each of the three kinds of race.
                Shell.script("""
                        ipvsadm -A -t 10.60.0.1:80 -s rr
                        ipvsadm -d -t 10.60.0.2:80 -r 10.60.1.2:80
                        ipvsadm -D -t 10.60.0.3:80
                        """);
            }
        }).reconcile(DESIRED, false));
        assertEquals(2, result.rounds());
        assertEquals(List.of(
                "refused -A -t 10.60.0.1:80 -s wlc: EEXIST",
                "-a -t 10.60.0.1:80 -r 10.60.1.1:80 -m -w 1",
                "refused -e -t 10.60.0.2:80 -r 10.60.1.2:80 -m -w 5: ENOENT",
                "refused -E -t 10.60.0.3:80 -s wlc: ESRCH",
                "round 2 of 3 after 3 refused",
                "-E -t 10.60.0.1:80 -s wlc",
                "-a -t 10.60.0.2:80 -r 10.60.1.2:80 -m -w 5",
                "-A -t 10.60.0.3:80 -s wlc",
                "-a -t 10.60.0.3:80 -r 10.60.1.3:80 -m -w 1"), heard);
        assertEquals(CONVERGED, Ipvsadm.save());
    }

    @Test
    void aTableThatNeverStopsChangingIsGivenUpOnAfterThreeRounds() {
        ReconcileException e = assertThrows(ReconcileException.class, () -> client.call(t ->
                new Reconciler(t, OwnershipStore.inMemory(), listener, round -> {
                    boolean present = Ipvsadm.save().contains("-A -t 10.60.0.1:80 -s rr");
                    Shell.script(present ? "ipvsadm -D -t 10.60.0.1:80" : "ipvsadm -A -t 10.60.0.1:80 -s rr");
                }).reconcile(DESIRED, false)));
        assertTrue(e.getMessage().startsWith("the IPVS table kept changing underneath: "), e.getMessage());
        assertTrue(e.getMessage().contains(" after 3 rounds"), e.getMessage());
        assertEquals(2, heard.stream().filter(h -> h.startsWith("round ")).count());
    }
}
