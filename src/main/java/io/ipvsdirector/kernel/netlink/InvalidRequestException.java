package io.ipvsdirector.kernel.netlink;

/** The kernel refused the request's values (EINVAL, ERANGE, EAFNOSUPPORT, EOPNOTSUPP, EMSGSIZE). */
public final class InvalidRequestException extends NetlinkException {
    InvalidRequestException(int errno, String what) {
        super(errno, what);
    }
}
