package io.ipvsdirector.config;

import io.vertx.config.yaml.YamlProcessor;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads a configuration file through vertx-config's YAML processor and binds it. Every failure, from a
 * missing file to a bad value, comes back as a {@link ConfigException} with operator-facing lines.
 */
public final class ConfigLoader {
    private static final YamlProcessor YAML = new YamlProcessor();

    private ConfigLoader() {
    }

    public static Future<DirectorConfig> load(Vertx vertx, Path file) {
        String name = file.toString();
        return vertx.fileSystem().readFile(name)
                .recover(err -> Future.failedFuture(new ConfigException(name, "(file)", "cannot read: " + readError(err))))
                .compose(buffer -> load(vertx, file, buffer));
    }

    /** Binds {@code content}, already read from {@code file}. */
    public static Future<DirectorConfig> load(Vertx vertx, Path file, Buffer content) {
        String name = file.toString();
        Path baseDir = file.toAbsolutePath().getParent();
        return parse(vertx, name, content)
                .compose(json -> {
                    try {
                        return Future.succeededFuture(ConfigBinder.bind(name, baseDir, json));
                    } catch (ConfigException e) {
                        return Future.failedFuture(e);
                    }
                });
    }

    private static Future<JsonObject> parse(Vertx vertx, String name, Buffer buffer) {
        if (buffer.toString().isBlank()) {
            return Future.failedFuture(new ConfigException(name, "(file)", "is empty; see conf/examples/pair.yaml"));
        }
        return YAML.process(vertx, new JsonObject(), buffer)
                .recover(err -> Future.failedFuture(yamlError(name, err)))
                .compose(json -> json == null
                        ? Future.failedFuture(new ConfigException(name, "(file)", "holds no settings (it is empty or only comments); see conf/examples/pair.yaml"))
                        : Future.succeededFuture(json));
    }

    private static ConfigException yamlError(String name, Throwable err) {
        for (Throwable t = err; t != null; t = t.getCause()) {
            if (t instanceof MarkedYAMLException m && m.getProblemMark() != null) {
                String where = "line " + (m.getProblemMark().getLine() + 1) + ", column " + (m.getProblemMark().getColumn() + 1);
                String what = m.getProblem() + (m.getContext() != null ? " (" + m.getContext() + ")" : "");
                return new ConfigException(name, where, "YAML syntax: " + what);
            }
            if (t instanceof ClassCastException) {
                return new ConfigException(name, "(file)", "the top level must be a mapping of keys (node:, vips:, ...)");
            }
        }
        return new ConfigException(name, "(file)", "is not valid YAML: " + err.getMessage());
    }

    /** "no such file", "permission denied" or the exception's message. */
    public static String readError(Throwable err) {
        for (Throwable t = err; t != null; t = t.getCause()) {
            if (t instanceof NoSuchFileException) {
                return "no such file";
            }
            if (t instanceof AccessDeniedException) {
                return "permission denied";
            }
        }
        return err.getMessage();
    }
}
