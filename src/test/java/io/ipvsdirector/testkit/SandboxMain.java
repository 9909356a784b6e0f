package io.ipvsdirector.testkit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs one test class with the JUnit Platform inside the sandbox and writes each test's verdict to
 * a file for {@link IpvsSandboxExtension} on the other side. Usage: SandboxMain CLASS RESULT_FILE.
 */
public final class SandboxMain {
    private SandboxMain() {
    }

    public static void main(String[] args) throws Exception {
        String className = args[0];
        Path resultFile = Path.of(args[1]);
        Map<String, SandboxResults.Verdict> verdicts = new LinkedHashMap<>();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(className)).build(),
                new TestExecutionListener() {
                    private long started;

                    @Override
                    public void executionStarted(TestIdentifier test) {
                        started = System.nanoTime();
                    }

                    @Override
                    public void executionSkipped(TestIdentifier test, String reason) {
                        record(test, new SandboxResults.Verdict("SKIPPED", reason, ""));
                    }

                    @Override
                    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                        String message = result.getThrowable().map(String::valueOf).orElse("");
                        String trace = result.getThrowable().map(SandboxMain::trace).orElse("");
                        record(test, new SandboxResults.Verdict(result.getStatus().name(), message, trace));
                        System.out.printf("sandbox: %s %s (%d ms)%n", result.getStatus(), test.getDisplayName(),
                                (System.nanoTime() - started) / 1_000_000);
                    }

                    private void record(TestIdentifier test, SandboxResults.Verdict verdict) {
                        test.getSource().ifPresent(source -> {
                            if (source instanceof MethodSource m) {
                                verdicts.put(SandboxResults.id(m.getMethodName(), m.getMethodParameterTypes()), verdict);
                            } else if (source instanceof ClassSource && !verdict.status().equals("SUCCESSFUL")) {
                                verdicts.put(SandboxResults.CLASS, verdict);
                            }
                        });
                    }
                });
        SandboxResults.write(resultFile, verdicts);
        System.exit(0);
    }

    private static String trace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
