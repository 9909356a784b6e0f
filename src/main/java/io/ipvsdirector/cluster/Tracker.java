package io.ipvsdirector.cluster;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * Watches one thing this director depends on. It reports {@code Optional.of(reason)} when that thing
 * fails (the director goes to FAULT) and {@code Optional.empty()} when it is well again; it reports
 * only changes.
 */
public interface Tracker {
    /** "interface eth0", "gateway 10.0.0.1", "script /usr/local/bin/bgp-ok". */
    String name();

    void start(Consumer<Optional<String>> report);

    void stop();
}
