package io.ipvsdirector.kernel.netlink;

/** The object named does not exist (ENOENT, ESRCH). */
public final class ObjectMissingException extends NetlinkException {
    ObjectMissingException(int errno, String what) {
        super(errno, what);
    }
}
