package io.ipvsdirector.testkit;

import java.util.List;

/** ipvsadm, the outside witness of the kernel-tier tests. */
public final class Ipvsadm {
    private Ipvsadm() {
    }

    /** Runs ipvsadm with {@code args}; fails the test when it fails. Returns its stdout lines. */
    public static List<String> run(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "ipvsadm";
        System.arraycopy(args, 0, command, 1, args.length);
        return Shell.ok(command).lines();
    }

    /** The table as rules: `ipvsadm -Sn`. */
    public static List<String> save() {
        return run("-Sn");
    }

    /** Loads rules in `ipvsadm -Sn` form in one process: `ipvsadm -R`. */
    public static void restore(String rules) {
        List<String> command = List.of("ipvsadm", "-R");
        Shell.run(command, rules).ok(command);
    }

    /** Empties the table (tests only: the director itself never flushes). */
    public static void clear() {
        run("-C");
    }
}
