package io.ipvsdirector.reconcile;

import io.ipvsdirector.net.ServiceKey;
import java.util.List;
import java.util.Optional;

/**
 * The policy's answer: the table the kernel should have, why, and when to ask again
 * ({@code wakeAtNanos}: the next slow-start step or drain deadline; Long.MAX_VALUE when none).
 */
public record PolicyPlan(Table desired, List<ServiceStatus> services, long wakeAtNanos) {
    public PolicyPlan {
        services = List.copyOf(services);
    }

    /** A virtual server: whether it holds its quorum (with the live weight that decided it) and its servers. */
    public record ServiceStatus(String name, ServiceKey key, boolean quorum, int liveWeight, boolean sorryServerIn,
                                List<ServerStatus> servers) {
        public ServiceStatus {
            servers = List.copyOf(servers);
        }
    }

    /**
     * A real server: {@code state} is "up", "down", "draining" or "out"; {@code weight} is its weight in
     * the desired table, empty when it is not in it.
     */
    public record ServerStatus(DirectorPolicy.ServerId id, String state, int configuredWeight, Optional<Integer> weight,
                               String reason) {
        static ServerStatus up(DirectorPolicy.ServerId id, int configured, int weight, String reason) {
            return new ServerStatus(id, "up", configured, Optional.of(weight), reason);
        }

        static ServerStatus down(DirectorPolicy.ServerId id, int configured, boolean keptAtZero, String reason) {
            return new ServerStatus(id, "down", configured, keptAtZero ? Optional.of(0) : Optional.empty(), reason);
        }

        static ServerStatus draining(DirectorPolicy.ServerId id, int configured, String reason) {
            return new ServerStatus(id, "draining", configured, Optional.of(0), reason);
        }

        static ServerStatus out(DirectorPolicy.ServerId id, int configured, String reason) {
            return new ServerStatus(id, "out", configured, Optional.empty(), reason);
        }

        public boolean draining() {
            return state.equals("draining");
        }
    }
}
