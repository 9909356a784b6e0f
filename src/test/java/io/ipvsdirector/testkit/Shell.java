package io.ipvsdirector.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a program without a shell (unless asked) and returns its exit status and output. */
public final class Shell {
    /** What a program printed and how it ended. */
    public record Result(int exit, String out, String err) {
        public List<String> lines() {
            return out.lines().toList();
        }

        /** This result, or an AssertionError naming the command and its stderr when it failed. */
        public Result ok(List<String> command) {
            if (exit != 0) {
                throw new AssertionError(String.join(" ", command) + " exited " + exit + ": " + err + out);
            }
            return this;
        }
    }

    private Shell() {
    }

    /** Runs {@code command} with {@code input} on stdin; waits at most 60 s. */
    public static Result run(List<String> command, String input) {
        try {
            Process p = new ProcessBuilder(command).start();
            CompletableFuture<String> out = read(p.getInputStream());
            CompletableFuture<String> err = read(p.getErrorStream());
            p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within 60 s");
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    public static Result run(String... command) {
        return run(List.of(command), "");
    }

    /** Runs {@code command} and fails the test when it exits non-zero. */
    public static Result ok(String... command) {
        return run(command).ok(List.of(command));
    }

    /** A shell script (sh -c), for the setup steps that are a list of ip and ipvsadm commands. */
    public static Result script(String script) {
        List<String> command = List.of("sh", "-ec", script);
        return run(command, "").ok(command);
    }

    private static CompletableFuture<String> read(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }
}
