package io.ipvsdirector.kernel.netlink;

/** The kernel did not answer within the socket's receive timeout (EAGAIN). */
public final class NetlinkTimeoutException extends NetlinkException {
    NetlinkTimeoutException(int errno, String what) {
        super(errno, what, what + ": no reply from the kernel in time");
    }
}
