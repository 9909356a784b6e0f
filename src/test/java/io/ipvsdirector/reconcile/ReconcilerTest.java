package io.ipvsdirector.reconcile;

import static io.ipvsdirector.reconcile.TableDiffTest.API;
import static io.ipvsdirector.reconcile.TableDiffTest.FOREIGN;
import static io.ipvsdirector.reconcile.TableDiffTest.WEB;
import static io.ipvsdirector.reconcile.TableDiffTest.entry;
import static io.ipvsdirector.reconcile.TableDiffTest.rs;
import static io.ipvsdirector.reconcile.TableDiffTest.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvsdirector.kernel.ipvs.Service;
import io.ipvsdirector.kernel.ipvs.Timeouts;
import io.ipvsdirector.net.ServiceKey;
import io.ipvsdirector.kernel.ipvs.MemoryIpvsTable;
import io.ipvsdirector.testkit.LogCapture;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The apply step against a table that refuses what the kernel refuses. */
class ReconcilerTest {
    /** A kernel built without twos, like many distribution kernels. */
    private final MemoryIpvsTable kernel = new MemoryIpvsTable(Set.of("rr", "wrr", "sh", "wlc"));
    private final List<Set<ServiceKey>> saved = new ArrayList<>();
    private Set<ServiceKey> recorded = Set.of();

    private final OwnershipStore ownership = new OwnershipStore() {
        @Override
        public Set<ServiceKey> load() {
            return recorded;
        }

        @Override
        public void save(Set<ServiceKey> services) {
            recorded = Set.copyOf(services);
            saved.add(recorded);
        }
    };

    private final RecordingListener listener = new RecordingListener();
    private final List<String> heard = listener.heard;

    private static final Table DESIRED = table(entry(Service.of(WEB, "wlc"), rs("10.0.1.11", 10)),
            entry(Service.of(API, "rr"), rs("10.0.1.21", 1)));

    private Reconciler reconciler(Reconciler.AfterDump hook) {
        return new Reconciler(kernel, ownership, listener, hook);
    }

    @Test
    void appliesTheDifferenceThenHasNothingLeftToDo() throws Exception {
        ReconcileResult first = reconciler(r -> { }).reconcile(DESIRED, false);
        assertEquals(4, first.operations().size());
        assertEquals(1, first.rounds());
        assertEquals(List.of("-A -t 192.0.2.10:80 -s wlc", "-a -t 192.0.2.10:80 -r 10.0.1.11:8080 -m -w 10",
                "-A -t 192.0.2.11:80 -s rr", "-a -t 192.0.2.11:80 -r 10.0.1.21:8080 -m -w 1"), heard);
        heard.clear();
        assertEquals(List.of(), reconciler(r -> { }).reconcile(DESIRED, false).operations());
        assertEquals(List.of(), heard);
    }

    @Test
    void aTableChangedBetweenDumpAndApplyIsReadAgainAndConverges() throws Exception {
        kernel.put(Service.of(API, "rr"), rs("10.0.1.21", 5));
        ReconcileResult result = reconciler(round -> {
            if (round == 1) {
                kernel.put(Service.of(WEB, "sh"));                        // our -A meets EEXIST
                kernel.removeDestination(API, rs("10.0.1.21", 5).key());  // our -e meets ENOENT
            }
        }).reconcile(DESIRED, false);
        assertEquals(2, result.rounds());
        assertEquals(List.of(
                "refused -A -t 192.0.2.10:80 -s wlc: EEXIST",
                "-a -t 192.0.2.10:80 -r 10.0.1.11:8080 -m -w 10",
                "refused -e -t 192.0.2.11:80 -r 10.0.1.21:8080 -m -w 1: ENOENT",
                "round 2 of 3 after 2 refused",
                "-E -t 192.0.2.10:80 -s wlc",
                "-a -t 192.0.2.11:80 -r 10.0.1.21:8080 -m -w 1"), heard);
        assertEquals(List.of(), TableDiff.operations(DESIRED, Table.of(kernel.snapshot()), Set.of()));
    }

    @Test
    void aTableThatKeepsChangingFailsAfterThreeRoundsWithAClearMessage() {
        // Someone else toggles the service after every dump: each round's diff is stale when applied.
        Reconciler.AfterDump meddler = round -> {
            if (kernel.service(API).isPresent()) {
                kernel.remove(API);
            } else {
                kernel.put(Service.of(API, "sh"));
            }
        };
        ReconcileException e = assertThrows(ReconcileException.class, () -> reconciler(meddler)
                .reconcile(table(entry(Service.of(API, "rr"), rs("10.0.1.21", 1))), false));
        assertEquals("the IPVS table kept changing underneath: 1 operation(s) still refused after 3 rounds, "
                + "such as -A -t 192.0.2.11:80 -s rr: File exists", e.getMessage());
        assertEquals(3, kernel.dumps());
    }

    @Test
    void aSchedulerTheKernelLacksStopsWithTheModuleNamed() {
        ReconcileException e = assertThrows(ReconcileException.class,
                () -> reconciler(r -> { }).reconcile(table(entry(Service.of(API, "twos"), rs("10.0.1.21", 1))), false));
        assertEquals("-A -t 192.0.2.11:80 -s twos: the kernel has no scheduler twos (module ip_vs_twos could not be loaded)",
                e.getMessage());
        assertEquals(1, kernel.dumps(), "not a race: no second round");
    }

    @Test
    void ownershipIsRecordedBeforeTheFirstChangeAndNarrowedAfterSuccess() throws Exception {
        recorded = Set.of(FOREIGN);
        kernel.put(Service.of(FOREIGN, "rr"));
        reconciler(r -> { }).reconcile(DESIRED, false);
        assertEquals(List.of(Set.of(FOREIGN, WEB, API), Set.of(WEB, API)), saved,
                "first everything that may be created or deleted, then what is wanted");
        assertTrue(kernel.service(FOREIGN).isEmpty(), "recorded as owned and no longer wanted: deleted");
        saved.clear();
        reconciler(r -> { }).reconcile(DESIRED, false);
        assertEquals(List.of(), saved, "nothing changed, nothing written");
    }

    @Test
    void aDryRunPlansButNeitherAppliesNorRecords() throws Exception {
        ReconcileResult r = reconciler(x -> { }).reconcile(DESIRED, true);
        assertEquals(4, r.operations().size());
        assertTrue(heard.stream().allMatch(h -> h.startsWith("planned ")), heard.toString());
        assertEquals(List.of(), kernel.received());
        assertEquals(List.of(), saved);
    }

    @Test
    void timeoutsThatDifferAreSetInIpvsadmWords() throws Exception {
        assertEquals(Optional.of(new Timeouts(1000, 0, 0)), reconciler(r -> { }).reconcileTimeouts(new Timeouts(1000, 120, 0), false));
        assertEquals(List.of("--set 1000 0 0"), heard);
        assertEquals(new Timeouts(1000, 120, 300), kernel.timeouts());
        assertEquals(Optional.empty(), reconciler(r -> { }).reconcileTimeouts(new Timeouts(1000, 120, 0), false));
    }

    @Test
    void theDaemonsListenerLogsOneInfoLinePerOperation() throws Exception {
        try (LogCapture log = new LogCapture(Reconciler.class)) {
            new Reconciler(kernel, ownership, ReconcileListener.logging()).reconcile(DESIRED, false);
            assertEquals(List.of("INFO ipvs: -A -t 192.0.2.10:80 -s wlc", "INFO ipvs: -a -t 192.0.2.10:80 -r 10.0.1.11:8080 -m -w 10",
                    "INFO ipvs: -A -t 192.0.2.11:80 -s rr", "INFO ipvs: -a -t 192.0.2.11:80 -r 10.0.1.21:8080 -m -w 1"), log.lines());
        }
    }
}
