package io.ipvsdirector.kernel.netlink;

/** The kernel refused for lack of privilege (EPERM, EACCES): the operation needs CAP_NET_ADMIN. */
public final class PermissionDeniedException extends NetlinkException {
    PermissionDeniedException(int errno, String what) {
        super(errno, what, what + ": permission denied; this needs CAP_NET_ADMIN (run as root)");
    }
}
