package io.ipvsdirector.cluster;

import io.ipvsdirector.config.TrackConfig;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/** The trackers a configuration asks for. */
public final class Trackers {
    private Trackers() {
    }

    public static List<Tracker> of(Vertx vertx, TrackConfig config) {
        List<Tracker> out = new ArrayList<>();
        config.interfaces().forEach(dev -> out.add(new LinkTracker(vertx, dev)));
        config.gateway().ifPresent(gw -> out.add(new GatewayTracker(vertx, gw)));
        config.scripts().forEach(script -> out.add(new ScriptTracker(vertx, script)));
        return out;
    }
}
