package io.ipvsdirector.kernel.packet;

import java.nio.ByteBuffer;
import jnr.ffi.annotations.In;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/** The few libc calls a send-only AF_PACKET socket needs. */
public interface PacketLibc {
    int socket(int domain, int type, int protocol);

    @ssize_t
    long sendto(int fd, @In ByteBuffer buffer, @size_t long length, int flags, @In ByteBuffer address, int addressLength);

    int close(int fd);
}
