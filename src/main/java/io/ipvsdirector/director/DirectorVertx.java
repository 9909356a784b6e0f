package io.ipvsdirector.director;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * The Vert.x instance of a director process, made in one place so that every command runs on the
 * same options. It uses Java NIO. Netty's native epoll transport was measured: about 10 % less CPU
 * per tcp probe on a normal kernel, but under User-Mode Linux http probes stalled and the CPU per
 * probe doubled, and a transport that fails on some kernels is a poor trade for a tenth.
 */
public final class DirectorVertx {
    private DirectorVertx() {
    }

    public static Vertx create() {
        return Vertx.vertx(new VertxOptions().setPreferNativeTransport(false));
    }
}
