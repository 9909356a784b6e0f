package io.ipvsdirector.health;

import io.ipvsdirector.config.DirectorConfig;
import io.ipvsdirector.config.TestConfigs;

/** Probe targets written as configuration, bound by the real loader, so tests use the keys operators write. */
final class Targets {
    private Targets() {
    }

    /** The one probe of a virtual server with one real server 127.0.0.1:{@code port} and this check (flow YAML). */
    static ProbeTarget of(int port, String check) {
        return ProbePlan.of(config(port, check)).probes().keySet().iterator().next();
    }

    /**
     * {@code check} with a timeout of 5 s unless it sets one: the first probes of a cold JVM (class
     * loading, JIT, the first TLS handshake) take most of a second, which is not what a test of a
     * healthy server means to measure.
     */
    static String generous(String check) {
        return check.contains("timeout") ? check : check + ", interval: 10s, timeout: 5s";
    }

    static DirectorConfig config(int port, String check) {
        return TestConfigs.valid("""
                virtual_servers:
                  - name: t
                    address: 127.0.0.100
                    port: 80
                    check: CHECK
                    real_servers:
                      - {address: 127.0.0.1, port: PORT}
                """.replace("CHECK", check).replace("PORT", Integer.toString(port)));
    }
}
