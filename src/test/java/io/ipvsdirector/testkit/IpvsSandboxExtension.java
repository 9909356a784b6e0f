package io.ipvsdirector.testkit;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.TestAbortedException;

/**
 * The engine of {@link IpvsKernelTest}. Inside the sandbox it does nothing. On the host it runs the
 * class once in the sandbox before its first test, skips every lifecycle method and test body here,
 * and turns each test into the sandbox's verdict: passed, failed (an AssertionError carrying the
 * sandbox's message and stack trace) or aborted.
 */
public final class IpvsSandboxExtension implements ExecutionCondition, BeforeAllCallback, InvocationInterceptor {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(IpvsSandboxExtension.class);

    private record Run(SandboxResults results, Path log) {
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return IpvsSandbox.mode() == IpvsSandbox.Mode.NONE
                ? ConditionEvaluationResult.disabled("skipped: no IPVS kernel")
                : ConditionEvaluationResult.enabled("IPVS in " + IpvsSandbox.describe());
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException, InterruptedException {
        if (inside()) {
            return;
        }
        Class<?> testClass = context.getRequiredTestClass();
        int timeout = AnnotationSupport.findAnnotation(testClass, IpvsKernelTest.class)
                .map(IpvsKernelTest::timeoutSeconds).orElse(300);
        Path log = IpvsSandbox.basedir().toAbsolutePath().resolve("target/ipvs-sandbox/" + testClass.getName() + ".log");
        Files.createDirectories(log.getParent());
        Path results = IpvsSandbox.run(testClass, timeout, log);
        context.getStore(NAMESPACE).put(testClass, new Run(SandboxResults.read(results), log));
    }

    @Override
    public void interceptBeforeAllMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
                                         ExtensionContext context) throws Throwable {
        proceedInside(invocation);
    }

    @Override
    public void interceptBeforeEachMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
                                          ExtensionContext context) throws Throwable {
        proceedInside(invocation);
    }

    @Override
    public void interceptAfterEachMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
                                         ExtensionContext context) throws Throwable {
        proceedInside(invocation);
    }

    @Override
    public void interceptAfterAllMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
                                        ExtensionContext context) throws Throwable {
        proceedInside(invocation);
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
                                    ExtensionContext context) throws Throwable {
        if (inside()) {
            invocation.proceed();
            return;
        }
        invocation.skip();
        Run run = context.getStore(NAMESPACE).get(context.getRequiredTestClass(), Run.class);
        String id = SandboxResults.id(call.getExecutable());
        SandboxResults.Verdict v = run.results().of(id)
                .or(() -> run.results().classFailure())
                .orElseThrow(() -> new AssertionError("no verdict for " + id + " from " + IpvsSandbox.describe()
                        + "; the end of its output (" + run.log() + "):\n" + tail(run.log())));
        switch (v.status()) {
            case "SUCCESSFUL" -> {
            }
            case "ABORTED", "SKIPPED" -> throw new TestAbortedException("in the sandbox: " + v.message());
            default -> throw new AssertionError("in " + IpvsSandbox.describe() + ": " + v.message() + "\n" + v.trace());
        }
    }

    private static void proceedInside(Invocation<Void> invocation) throws Throwable {
        if (inside()) {
            invocation.proceed();
        } else {
            invocation.skip();
        }
    }

    private static boolean inside() {
        return IpvsSandbox.mode() == IpvsSandbox.Mode.INSIDE;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }
}
