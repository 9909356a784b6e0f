package io.ipvsdirector.director;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Vert.x instance of a director process. It prefers Netty's native epoll transport: a health
 * probe then costs about half the system calls it costs through Java NIO (no blocking-mode
 * toggles, no extra polls on connect), which is most of a probe's CPU. Where the native library
 * cannot load, NIO serves the same way and the reason is logged once.
 */
public final class DirectorVertx {
    private static final Logger LOG = LoggerFactory.getLogger(DirectorVertx.class);

    private DirectorVertx() {
    }

    /** Set the system property ipvs-director.transport=nio to use Java NIO even where epoll loads. */
    public static Vertx create() {
        boolean nio = "nio".equals(System.getProperty("ipvs-director.transport"));
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(!nio));
        if (nio) {
            return vertx;
        }
        if (!vertx.isNativeTransportEnabled()) {
            Throwable cause = vertx.unavailableNativeTransportCause();
            LOG.info("native epoll transport unavailable ({}); using Java NIO",
                    cause == null ? "unknown reason" : cause.getMessage());
        }
        return vertx;
    }
}
