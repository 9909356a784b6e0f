package io.ipvsdirector.director;

import io.ipvsdirector.config.ConfigException;
import io.ipvsdirector.config.ConfigLoader;
import io.ipvsdirector.config.DirectorConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-reads the configuration on SIGHUP and when the file changes. A valid new configuration goes to
 * the director; an invalid one is logged once, as its FILE: PATH: MESSAGE lines, and the running
 * configuration stays in force. The file is polled (size, mtime and inode, then content digest)
 * rather than watched with inotify, so that editors that replace the file, configuration management
 * and bind mounts all behave the same; a change is loaded once it has settled for one poll.
 */
public final class ConfigWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigWatcher.class);

    private final Vertx vertx;
    /** All state is touched on this one event-loop context: timer, signal and API requests alike. */
    private final Context context;
    private final Path file;
    private final Function<DirectorConfig, Future<Void>> apply;
    private long timerId;
    private volatile String stamp;
    private volatile boolean settling;
    private byte[] lastDigest;
    private byte[] lastRejected;
    private boolean reloading;
    private final java.util.List<java.util.function.Consumer<Throwable>> outcomes = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** {@code apply} is called on the event loop with each new valid configuration. */
    public ConfigWatcher(Vertx vertx, Path file, byte[] loadedContent, Function<DirectorConfig, Future<Void>> apply) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.file = file;
        this.apply = apply;
        this.lastDigest = digest(loadedContent);
        // No stamp yet: the first poll sees a "change", the next reads the file and compares it with
        // the content that was loaded, so an edit made while the director was starting is applied.
        this.stamp = "";
    }

    /** Hears the outcome of every reload: null when applied, else why not (for the metrics). */
    public void onReload(java.util.function.Consumer<Throwable> listener) {
        outcomes.add(listener);
    }

    public void start(long pollMillis) {
        context.runOnContext(v -> timerId = vertx.setPeriodic(pollMillis, id -> poll()));
    }

    public void stop() {
        context.runOnContext(v -> vertx.cancelTimer(timerId));
    }

    /** Reload now, whatever the file looks like: the operator asked for it (SIGHUP, API). */
    public Future<Void> reload(String reason) {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> vertx.executeBlocking(this::read)
                .compose(content -> load(content, reason, true))
                .onComplete(done));
        return done.future();
    }

    /** One poll, from any thread; completes when any reload it caused is done. */
    Future<Void> pollNow() {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> poll().onComplete(done));
        return done.future();
    }

    private Future<Void> poll() {
        if (reloading) {
            return Future.succeededFuture();
        }
        // Blocking stat and read go to a worker; the event loop only compares. A change is read only
        // once the file has stayed the same for one poll, so a half-written file is never loaded.
        return vertx.executeBlocking(() -> {
            String now = stamp();
            if (!now.equals(stamp)) {
                stamp = now;
                settling = true;
                return null;
            }
            if (!settling) {
                return null;
            }
            settling = false;
            return read();
        }).compose(content -> content == null || Arrays.equals(digest(content), lastDigest)
                ? Future.<Void>succeededFuture()
                : load(content, "file changed", false).otherwiseEmpty(), err -> {
            LOG.warn("cannot read {} ({}); the running configuration stays in force", file, err.toString());
            return Future.succeededFuture();
        });
    }

    private Future<Void> load(byte[] content, String reason, boolean requested) {
        byte[] d = digest(content);
        reloading = true;
        return ConfigLoader.load(vertx, file, Buffer.buffer(content)).compose(config -> {
            lastDigest = d;
            lastRejected = null;
            LOG.info("reload ({}): {} is valid", reason, file);
            return apply.apply(config);
        }, err -> {
            if (requested || !Arrays.equals(d, lastRejected)) {
                if (err instanceof ConfigException ce) {
                    LOG.error("reload ({}) rejected, the running configuration stays in force:", reason);
                    ce.lines().forEach(LOG::error);
                } else {
                    LOG.error("reload ({}) failed, the running configuration stays in force: {}", reason, err.toString());
                }
            }
            lastRejected = d;
            return Future.failedFuture(err);
        }).onComplete(ar -> {
            reloading = false;
            outcomes.forEach(o -> o.accept(ar.failed() ? ar.cause() : null));
        });
    }

    private byte[] read() throws java.io.IOException {
        return Files.readAllBytes(file);
    }

    private String stamp() {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.size() + "/" + a.lastModifiedTime().toMillis() + "/" + a.fileKey();
        } catch (java.io.IOException e) {
            return "missing";
        }
    }

    private static byte[] digest(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
