package io.ipvsdirector.systemd;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What systemd told this process through its environment: where to send notifications
 * ({@code NOTIFY_SOCKET}: a path, or {@code @name} in the abstract namespace) and how often to pet
 * the watchdog ({@code WATCHDOG_USEC}, meant for this process only if {@code WATCHDOG_PID} is unset
 * or names it).
 */
public record NotifyEnvironment(String socket, Optional<Duration> watchdog) {
    /** sun_path's size in struct sockaddr_un on Linux. */
    static final int SUN_PATH_MAX = 108;
    static final short AF_UNIX = 1;

    /** Empty when the process does not run under a service manager that listens. */
    public static Optional<NotifyEnvironment> from(Map<String, String> env, long ownPid) {
        String socket = env.get("NOTIFY_SOCKET");
        if (socket == null || socket.isEmpty() || !(socket.startsWith("/") || socket.startsWith("@"))) {
            return Optional.empty();
        }
        return Optional.of(new NotifyEnvironment(socket, watchdog(env, ownPid)));
    }

    private static Optional<Duration> watchdog(Map<String, String> env, long ownPid) {
        String usec = env.get("WATCHDOG_USEC");
        String pid = env.get("WATCHDOG_PID");
        if (usec == null) {
            return Optional.empty();
        }
        try {
            if (pid != null && !pid.isEmpty() && Long.parseLong(pid.trim()) != ownPid) {
                return Optional.empty();
            }
            long micros = Long.parseLong(usec.trim());
            return micros > 0 ? Optional.of(Duration.ofNanos(micros * 1000)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * The socket's struct sockaddr_un, in a direct buffer positioned at 0 whose limit is the length
     * to pass: sa_family, then the path with its NUL, or for the abstract namespace a NUL and the
     * name with none (its length is part of the name).
     */
    public ByteBuffer sockaddr() {
        boolean abstractName = socket.startsWith("@");
        byte[] name = (abstractName ? socket.substring(1) : socket).getBytes(StandardCharsets.UTF_8);
        int pathLength = name.length + 1;
        if (pathLength > SUN_PATH_MAX) {
            throw new IllegalArgumentException("NOTIFY_SOCKET is longer than " + (SUN_PATH_MAX - 1) + " bytes: " + socket);
        }
        ByteBuffer b = ByteBuffer.allocateDirect(2 + SUN_PATH_MAX).order(ByteOrder.nativeOrder());
        b.putShort(AF_UNIX);
        if (abstractName) {
            b.put((byte) 0).put(name);
        } else {
            b.put(name).put((byte) 0);
        }
        return b.flip();
    }
}
