package io.ipvsdirector.ha;

import io.ipvsdirector.ha.FailoverTrial.Fault;
import io.ipvsdirector.ha.FailoverTrial.Result;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@link FailoverBench}'s table: per kind and fault the failover times, the VIP's moves and the failures. */
final class FailoverReport {
    /** Each kind's results, in the order measured: kind name -> fault -> trials. */
    private final Map<String, Map<Fault, List<Result>>> results = new LinkedHashMap<>();

    void add(String kind, Fault fault, Result r) {
        results.computeIfAbsent(kind, k -> new LinkedHashMap<>()).computeIfAbsent(fault, f -> new ArrayList<>()).add(r);
    }

    /** Records every trial of {@code kind} not run yet as failed for {@code why}: a lab that broke still shows. */
    void fill(String kind, int trials, String why) {
        for (Fault f : Fault.values()) {
            List<Result> list = results.computeIfAbsent(kind, k -> new LinkedHashMap<>()).computeIfAbsent(f, x -> new ArrayList<>());
            while (list.size() < trials) {
                list.add(Result.failed(why));
            }
        }
    }

    void print(int trials) {
        System.out.printf("%nFailover: fault -> first gratuitous ARP from the new owner, seen by the client (ms), %d trials"
                + " each;%nmoves: the VIP changing hands at the client from the fault until the pair settled after the heal"
                + " + %d s%n%n", trials, FailoverTrial.AFTERMATH.toSeconds());
        System.out.printf("%-28s %-10s %8s %8s %8s  %-16s %s%n", "kind", "fault", "median", "worst", "best", "moves", "failed");
        results.forEach((kind, faults) -> faults.forEach((fault, list) -> {
            List<Double> t = times(list);
            System.out.printf("%-28s %-10s %8s %8s %8s  %-16s %d/%d%n", kind, label(fault), ms(median(t)),
                    ms(t.isEmpty() ? Double.NaN : t.get(t.size() - 1)), ms(t.isEmpty() ? Double.NaN : t.get(0)),
                    moves(list), list.size() - t.size(), list.size());
        }));
        printRatios();
        printFailures();
    }

    /** keepalived's medians over each director kind's, per fault: above 1 means the director is faster. */
    private void printRatios() {
        List<String> keepalived = results.keySet().stream().filter(k -> k.startsWith("keepalived")).toList();
        List<String> directors = results.keySet().stream().filter(k -> !k.startsWith("keepalived")).toList();
        if (keepalived.isEmpty() || directors.isEmpty()) {
            return;
        }
        System.out.printf("%nRatio of medians (keepalived / director; above 1: the director is faster)%n%-52s", "");
        for (Fault f : Fault.values()) {
            System.out.printf("%11s", label(f));
        }
        System.out.println();
        for (String d : directors) {
            for (String k : keepalived) {
                System.out.printf("%-52s", k + " / " + d);
                for (Fault f : Fault.values()) {
                    double ratio = median(times(results.get(k).getOrDefault(f, List.of())))
                            / median(times(results.get(d).getOrDefault(f, List.of())));
                    System.out.printf("%11s", Double.isNaN(ratio) ? "-" : String.format("%.1fx", ratio));
                }
                System.out.println();
            }
        }
    }

    private void printFailures() {
        results.forEach((kind, faults) -> faults.forEach((fault, list) -> {
            for (int i = 0; i < list.size(); i++) {
                if (!list.get(i).ok()) {
                    System.out.printf("FAILED %s %s trial %d: %s%n", kind, label(fault), i + 1, list.get(i).failure());
                }
            }
        }));
    }

    /** "1" when every trial moved the VIP once, else the distribution: "1×18 2×2". */
    static String moves(List<Result> list) {
        Map<Integer, Integer> counts = new TreeMap<>();
        list.stream().filter(Result::ok).forEach(r -> counts.merge(r.moves(), 1, Integer::sum));
        if (counts.isEmpty()) {
            return "-";
        }
        if (counts.size() == 1) {
            return Integer.toString(counts.keySet().iterator().next());
        }
        StringBuilder out = new StringBuilder();
        counts.forEach((moves, n) -> out.append(out.length() == 0 ? "" : " ").append(moves).append('×').append(n));
        return out.toString();
    }

    /** The successful trials' times, sorted. */
    private static List<Double> times(List<Result> list) {
        return list.stream().filter(Result::ok).map(Result::millis).sorted().toList();
    }

    static double median(List<Double> sorted) {
        int n = sorted.size();
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String ms(double v) {
        return Double.isNaN(v) ? "-" : String.format("%.0f", v);
    }

    static String label(Fault f) {
        return f.name().toLowerCase().replace('_', ' ');
    }
}
