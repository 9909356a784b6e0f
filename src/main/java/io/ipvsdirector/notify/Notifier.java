package io.ipvsdirector.notify;

import io.ipvsdirector.config.NotifyConfig;
import io.ipvsdirector.process.RunAs;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ordered event stream of one director. {@link #emit} may be called from any thread and never
 * blocks: events are numbered in the order they arrive, appended to the JSON-lines file on the
 * writer thread, and handed to the notify script's own thread.
 */
public final class Notifier implements EventSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

    private final String node;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "notify-writer");
        t.setDaemon(true);
        return t;
    });
    private final EventLog log;
    private final ScriptRunner script;
    private long seq;
    private boolean warned;

    public Notifier(NotifyConfig config, String node) {
        this.node = node;
        this.log = new EventLog(config.events());
        this.script = config.script().map(s -> new ScriptRunner(s, config.scriptTimeout(), config.user(), new RunAs()))
                .orElse(null);
        this.seq = log.lastSeq();
        LOG.info("events to {} from sequence {}{}", config.events(), seq + 1,
                config.script().map(s -> ", notify script " + s + config.user().map(u -> " as " + u).orElse("")).orElse(""));
    }

    @Override
    public synchronized void emit(String type, String subject, String state, JsonObject details) {
        Event e = new Event(++seq, Instant.now(), node, type, subject, state, details == null ? new JsonObject() : details);
        writer.execute(() -> {
            try {
                log.append(e.toJson().encode(), e.seq());
            } catch (IOException ex) {
                if (!warned) {
                    warned = true;
                    LOG.warn("cannot write the event stream: {} (events go on to the notify script)", ex.toString());
                }
            }
            if (script != null) {
                script.submit(e);
            }
        });
    }

    /** Writes what is queued and gives the script a moment to catch up. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(2, TimeUnit.SECONDS);
            if (script != null) {
                script.drain(Duration.ofSeconds(2));
                script.close();
            }
            log.close();
        } catch (InterruptedException | IOException e) {
            LOG.debug("closing the event stream: {}", e.toString());
        }
    }
}
