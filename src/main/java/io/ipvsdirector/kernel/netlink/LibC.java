package io.ipvsdirector.kernel.netlink;

import java.nio.ByteBuffer;
import jnr.ffi.Pointer;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.byref.IntByReference;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * The few libc socket calls netlink needs, bound through jnr-ffi. A {@link ByteBuffer} argument is
 * passed as the address of its position; lengths are never checked against its limit, so callers
 * pass them explicitly. Structures (sockaddr_nl, timeval, mmsghdr, iovec) are laid out by hand in
 * direct buffers, for x86-64 and arm64 (LP64).
 */
public interface LibC {
    int socket(int domain, int type, int protocol);

    int bind(int fd, @In ByteBuffer address, int addressLength);

    int getsockname(int fd, @Out ByteBuffer address, IntByReference addressLength);

    int setsockopt(int fd, int level, int option, @In ByteBuffer value, int valueLength);

    @ssize_t long sendto(int fd, @In ByteBuffer buffer, @size_t long length, int flags, @In ByteBuffer address,
                         int addressLength);

    /** Receives one datagram; {@code address} gets the sender (a sockaddr of up to {@code addressLength} bytes). */
    @ssize_t long recvfrom(int fd, @Out ByteBuffer buffer, @size_t long length, int flags, @Out ByteBuffer address,
                           IntByReference addressLength);

    /** Receives up to {@code count} datagrams in one call into the buffers an array of struct mmsghdr names. */
    int recvmmsg(int fd, @In @Out ByteBuffer messages, int count, int flags, Pointer timeout);

    int connect(int fd, @In ByteBuffer address, int addressLength);

    int getsockopt(int fd, int level, int option, @Out ByteBuffer value, IntByReference valueLength);

    int epoll_create1(int flags);

    /** {@code event} is a struct epoll_event (packed, 12 bytes, on x86-64; 16 bytes on arm64). */
    int epoll_ctl(int epfd, int op, int fd, @In ByteBuffer event);

    int epoll_wait(int epfd, @Out ByteBuffer events, int maxEvents, int timeoutMillis);

    int close(int fd);

    /** A counter descriptor that wakes an epoll wait when written to (EFD_CLOEXEC, EFD_NONBLOCK in flags). */
    int eventfd(int initialValue, int flags);

    @ssize_t long read(int fd, @Out ByteBuffer buffer, @size_t long length);

    @ssize_t long write(int fd, @In ByteBuffer buffer, @size_t long length);
}
