package io.ipvsdirector.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The JVM options bin/ipvs-director chooses for the daemon, as it prints them: the daemon's heap,
 * a collector, and options this machine's JVM accepts (an option it refused would keep the
 * service from starting at all).
 */
class LauncherOptionsTest {
    private static final Path LAUNCHER = Path.of("bin/ipvs-director");

    private static String run(List<String> command, String... env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        for (int i = 0; i < env.length; i += 2) {
            builder.environment().put(env[i], env[i + 1]);
        }
        builder.environment().remove("JAVA_OPTS");
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "did not end: " + command);
        assertEquals(0, process.exitValue(), command + " said: " + out);
        return out;
    }

    @Test
    void theDaemonsOptionsAreAFixedHeapAShortPauseCollectorAndAcceptedByTheJvm() throws Exception {
        assertTrue(Files.isExecutable(LAUNCHER));
        String printed = run(List.of(LAUNCHER.toString(), "run"), "IPVS_DIRECTOR_PRINT_JVM_OPTS", "1",
                "IPVS_DIRECTOR_JAR", "/dev/null");
        List<String> options = Arrays.asList(printed.split("\\s+"));
        assertTrue(options.containsAll(List.of("-Xms64m", "-Xmx256m", "-XX:-UsePerfData")), printed);
        assertTrue(options.contains("-XX:+UseShenandoahGC") || options.contains("-XX:+UseG1GC"), printed);
        if (options.contains("-XX:+UseShenandoahGC") && options.contains("-XX:-ShenandoahPacing")) {
            assertTrue(options.contains("-XX:+UnlockExperimentalVMOptions"), printed);
        }
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        java.addAll(options);
        java.add("-version");
        run(java);
    }

    @Test
    void oneShotCommandsStartSmall() throws Exception {
        String printed = run(List.of(LAUNCHER.toString(), "status"), "IPVS_DIRECTOR_PRINT_JVM_OPTS", "1",
                "IPVS_DIRECTOR_JAR", "/dev/null");
        assertTrue(printed.contains("-XX:+UseSerialGC") && printed.contains("-Xmx128m"), printed);
    }
}
