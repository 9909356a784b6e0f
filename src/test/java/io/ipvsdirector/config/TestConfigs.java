package io.ipvsdirector.config;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Path;

/** Binds configuration text for tests, through the same loader the daemon uses. */
public final class TestConfigs {
    private static Vertx vertx;

    private TestConfigs() {
    }

    /** One Vert.x instance for all configuration tests. */
    public static synchronized Vertx vertx() {
        if (vertx == null) {
            vertx = Vertx.vertx();
        }
        return vertx;
    }

    /** The configuration in {@code yaml}, as if read from test.yaml; throws ConfigException when invalid. */
    public static DirectorConfig parse(String yaml) throws ConfigException {
        try {
            return ConfigLoader.load(vertx(), Path.of("test.yaml"), Buffer.buffer(yaml)).await();
        } catch (Exception e) {
            if (e instanceof ConfigException ce) {
                throw ce;
            }
            throw new IllegalStateException(e);
        }
    }

    public static DirectorConfig valid(String yaml) {
        try {
            return parse(yaml);
        } catch (ConfigException e) {
            throw new AssertionError("expected a valid configuration:\n" + e.getMessage());
        }
    }
}
