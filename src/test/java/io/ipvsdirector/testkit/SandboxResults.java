package io.ipvsdirector.testkit;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The verdicts a sandboxed run wrote, one JSON object per line: the test's id ("method(ParamType)"
 * or "class" for the class's own failure), its status (SUCCESSFUL, FAILED, ABORTED, SKIPPED), and
 * for the others a message and the stack trace as text.
 */
final class SandboxResults {
    static final String CLASS = "class";

    record Verdict(String status, String message, String trace) {
        JsonObject json(String id) {
            return new JsonObject().put("id", id).put("status", status).put("message", message).put("trace", trace);
        }
    }

    private final Map<String, Verdict> verdicts;

    private SandboxResults(Map<String, Verdict> verdicts) {
        this.verdicts = verdicts;
    }

    static SandboxResults read(Path file) throws IOException {
        Map<String, Verdict> out = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    JsonObject o = new JsonObject(line);
                    out.put(o.getString("id"), new Verdict(o.getString("status"), o.getString("message"), o.getString("trace")));
                }
            }
        } catch (NoSuchFileException e) {
            return new SandboxResults(Map.of());
        }
        return new SandboxResults(out);
    }

    static void write(Path file, Map<String, Verdict> verdicts) throws IOException {
        StringBuilder sb = new StringBuilder();
        verdicts.forEach((id, v) -> sb.append(v.json(id).encode()).append('\n'));
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    /** "name(int, java.lang.String)": a method's id, the same on both sides of the sandbox. */
    static String id(String methodName, String parameterTypes) {
        return methodName + "(" + parameterTypes + ")";
    }

    static String id(Method m) {
        return id(m.getName(), Arrays.stream(m.getParameterTypes()).map(Class::getName).collect(Collectors.joining(", ")));
    }

    Optional<Verdict> of(String id) {
        return Optional.ofNullable(verdicts.get(id));
    }

    Optional<Verdict> classFailure() {
        return of(CLASS);
    }

    boolean isEmpty() {
        return verdicts.isEmpty();
    }
}
