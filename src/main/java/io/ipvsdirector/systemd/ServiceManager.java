package io.ipvsdirector.systemd;

import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service manager that started this process, as the daemon talks to it. Outside systemd
 * ({@code NOTIFY_SOCKET} unset) every call does nothing. A notification that cannot be sent is
 * logged once and otherwise ignored: the director keeps running, and systemd's own timeouts decide.
 */
public interface ServiceManager {
    /** Sends one notification (see {@link NotifyMessage}). */
    void send(String message);

    /** The interval within which WATCHDOG=1 must arrive, when systemd asked for one. */
    Optional<Duration> watchdog();

    default void ready(String status) {
        send(NotifyMessage.ready(status));
    }

    default void status(String status) {
        send(NotifyMessage.status(status));
    }

    /** CLOCK_MONOTONIC is what {@link System#nanoTime()} reads on Linux. */
    default void reloading(String status) {
        send(NotifyMessage.reloading(System.nanoTime() / 1000, status));
    }

    default void stopping() {
        send(NotifyMessage.stopping());
    }

    /** Nothing to talk to. */
    ServiceManager NONE = new ServiceManager() {
        @Override
        public void send(String message) {
        }

        @Override
        public Optional<Duration> watchdog() {
            return Optional.empty();
        }
    };

    /** systemd's socket when this process has one, else {@link #NONE}. */
    static ServiceManager fromEnvironment() {
        Optional<NotifyEnvironment> env = NotifyEnvironment.from(System.getenv(), ProcessHandle.current().pid());
        if (env.isEmpty()) {
            return NONE;
        }
        Logger log = LoggerFactory.getLogger(ServiceManager.class);
        env.get().watchdog().ifPresent(w -> log.info("systemd watchdog: WATCHDOG=1 expected every {} ms", w.toMillis()));
        return new NotifySocket(env.get());
    }
}
