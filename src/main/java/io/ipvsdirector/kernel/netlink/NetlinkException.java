package io.ipvsdirector.kernel.netlink;

/**
 * A netlink request the kernel refused, or a socket call that failed: the errno and what was being
 * done. {@link #of} returns the typed subclass for the errno values callers act on, so code can
 * catch {@link ObjectExistsException} instead of comparing numbers. Never carries a stack trace to
 * an operator: the message is the whole story.
 */
public class NetlinkException extends Exception {
    private final int errnoValue;
    private final String what;

    public NetlinkException(int errnoValue, String what) {
        this(errnoValue, what, what + ": " + Errno.of(errnoValue).text()
                + (Errno.of(errnoValue) == Errno.UNKNOWN ? " " + errnoValue : ""));
    }

    protected NetlinkException(int errnoValue, String what, String message) {
        super(message, null, false, true);
        this.errnoValue = errnoValue;
        this.what = what;
    }

    /** The typed exception for {@code errno} (a positive number) while doing {@code what}. */
    public static NetlinkException of(int errno, String what) {
        return switch (Errno.of(errno)) {
            case EEXIST -> new ObjectExistsException(errno, what);
            case ENOENT, ESRCH -> new ObjectMissingException(errno, what);
            case EPERM, EACCES -> new PermissionDeniedException(errno, what);
            case EINVAL, ERANGE, EAFNOSUPPORT, EOPNOTSUPP, EMSGSIZE -> new InvalidRequestException(errno, what);
            case EAGAIN, ETIMEDOUT -> new NetlinkTimeoutException(errno, what);
            default -> new NetlinkException(errno, what);
        };
    }

    public Errno errno() {
        return Errno.of(errnoValue);
    }

    public int errnoValue() {
        return errnoValue;
    }

    /** What was being done, e.g. "-a -t 192.0.2.10:80 -r 10.0.1.11:8080 -m -w 1". */
    public String what() {
        return what;
    }
}
