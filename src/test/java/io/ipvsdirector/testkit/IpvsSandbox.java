package io.ipvsdirector.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Where kernel-tier tests can run, and how a test class is run there: the mode is decided once per
 * JVM; {@link #run} starts {@link SandboxMain} for one class and returns the result file's path.
 */
final class IpvsSandbox {
    /** Set on the sandboxed JVM (and by the ipvs-lab guest as IPVS_LAB=1): IPVS is here, and ours. */
    static final String INSIDE_PROPERTY = "ipvsdirector.sandbox";

    enum Mode {
        /** This JVM already runs where the tests may use IPVS. */
        INSIDE,
        /** This machine's kernel has IPVS: a throwaway network namespace. */
        NATIVE,
        /** ipvs-lab, a User-Mode Linux kernel with IPVS. */
        LAB,
        NONE
    }

    private static Mode mode;
    private static Path lab;

    private IpvsSandbox() {
    }

    static synchronized Mode mode() {
        if (mode == null) {
            mode = detect();
        }
        return mode;
    }

    private static Mode detect() {
        if ("1".equals(System.getenv("IPVS_LAB")) || "inside".equals(System.getProperty(INSIDE_PROPERTY))) {
            return Mode.INSIDE;
        }
        if (!isRoot()) {
            return Mode.NONE;
        }
        if ((Files.exists(Path.of("/proc/net/ip_vs")) || succeeds("modprobe", "-q", "ip_vs")) && succeeds("unshare", "--version")) {
            return Mode.NATIVE;
        }
        Optional<Path> found = findLab();
        if (found.isPresent()) {
            lab = found.get();
            return Mode.LAB;
        }
        return Mode.NONE;
    }

    /** $IPVS_LAB (the script, or a directory holding it), else ../shared/ipvs-lab next to the checkout. */
    static Optional<Path> findLab() {
        List<Path> candidates = new ArrayList<>();
        String env = System.getenv("IPVS_LAB");
        if (env != null && !env.isBlank() && !env.equals("1")) {
            Path p = Path.of(env);
            candidates.add(Files.isDirectory(p) ? p.resolve("ipvs-lab") : p);
        }
        candidates.add(basedir().toAbsolutePath().normalize().resolve("../shared/ipvs-lab/ipvs-lab").normalize());
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    static Path basedir() {
        return Path.of(System.getProperty("project.basedir", "."));
    }

    private static boolean isRoot() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[1].equals("0"));
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean succeeds(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A short description of where the tests run, for logs and messages. */
    static String describe() {
        return switch (mode()) {
            case INSIDE -> "inside the sandbox";
            case NATIVE -> "a network namespace of this kernel";
            case LAB -> "ipvs-lab (" + lab + ")";
            case NONE -> "nowhere";
        };
    }

    /**
     * Runs {@code testClass} in the sandbox and returns the file its results were written to (it may
     * be missing when the sandbox failed; the output is in {@code log}).
     */
    static Path run(Class<?> testClass, int timeoutSeconds, Path log) throws IOException, InterruptedException {
        Path dir = basedir().toAbsolutePath().resolve("target/ipvs-sandbox");
        Files.createDirectories(dir);
        Path results = dir.resolve(testClass.getName() + ".results");
        Files.deleteIfExists(results);
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dproject.basedir=" + basedir().toAbsolutePath(), "-D" + INSIDE_PROPERTY + "=inside",
                "-cp", ChildProcess.classPath(), SandboxMain.class.getName(), testClass.getName(), results.toString()));
        List<String> command = new ArrayList<>();
        if (mode() == Mode.NATIVE) {
            command.addAll(List.of("unshare", "--net", "--", "sh", "-c", "ip link set lo up && exec \"$@\"", "sandbox"));
        } else {
            command.addAll(List.of(lab.toString(), "run", "--timeout", Integer.toString(timeoutSeconds), "--"));
        }
        command.addAll(java);
        Process p = new ProcessBuilder(command).directory(basedir().toAbsolutePath().toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(timeoutSeconds + 90L, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return results;
    }
}
