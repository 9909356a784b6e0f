package io.ipvsdirector.kernel.netlink;

/** The object to create is already there (EEXIST). */
public final class ObjectExistsException extends NetlinkException {
    ObjectExistsException(int errno, String what) {
        super(errno, what);
    }
}
