package io.ipvsdirector.systemd;

import io.ipvsdirector.kernel.netlink.LibC;
import io.ipvsdirector.kernel.netlink.NativeLibc;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An AF_UNIX datagram socket to systemd's {@code NOTIFY_SOCKET}, through the project's libc binding
 * (the JDK's Unix domain sockets are stream-only). One socket for the process's life; sends are
 * serialised, since they come from the start, the reload path and the watchdog thread.
 */
final class NotifySocket implements ServiceManager {
    private static final Logger LOG = LoggerFactory.getLogger(NotifySocket.class);
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int MSG_NOSIGNAL = 0x4000;

    private final NotifyEnvironment env;
    private final ByteBuffer address;
    private int fd = -1;
    private boolean failedOnce;

    NotifySocket(NotifyEnvironment env) {
        this.env = env;
        this.address = env.sockaddr();
    }

    @Override
    public Optional<Duration> watchdog() {
        return env.watchdog();
    }

    @Override
    public synchronized void send(String message) {
        LibC libc = NativeLibc.libc();
        if (fd < 0) {
            fd = libc.socket(NotifyEnvironment.AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
            if (fd < 0) {
                failed("socket", NativeLibc.errno());
                return;
            }
        }
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        long sent = libc.sendto(fd, buffer, bytes.length, MSG_NOSIGNAL, address, address.limit());
        if (sent < 0) {
            failed("sendto", NativeLibc.errno());
        }
    }

    private void failed(String call, int errno) {
        if (!failedOnce) {
            failedOnce = true;
            LOG.warn("cannot notify systemd at {}: {} failed (errno {}); systemd may time the service out",
                    env.socket(), call, errno);
        }
    }
}
