package io.ipvsdirector.config;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * One effective health check definition, after the cascade defaults.check → virtual server check →
 * real server check. Two real servers whose probes share the target and an equal spec share one probe.
 *
 * @param port        the port probed instead of the real server's
 * @param source        the local address probes are sent from (keepalived's bind_to)
 * @param bindInterface the interface probes are bound to (SO_BINDTODEVICE); tcp, http and ping only
 * @param fwmark        the firewall mark of probe packets (SO_MARK); tcp, http and ping only
 * @param initialUp   whether a real server new to the director starts UP instead of DOWN
 */
public record CheckSpec(
        CheckType type,
        Duration interval,
        Duration timeout,
        int rise,
        int fall,
        boolean initialUp,
        Optional<Integer> port,
        Optional<InetAddress> source,
        Optional<String> bindInterface,
        Optional<Integer> fwmark,
        CheckParams params) {

    @Override
    public String toString() {
        return type + " every " + Durations.format(interval) + " timeout " + Durations.format(timeout)
                + " rise " + rise + " fall " + fall + port.map(p -> " port " + p).orElse("")
                + bindInterface.map(i -> " interface " + i).orElse("")
                + fwmark.map(m -> " fwmark " + Integer.toUnsignedString(m)).orElse("") + params.describe();
    }
}
