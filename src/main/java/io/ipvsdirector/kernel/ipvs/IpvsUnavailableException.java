package io.ipvsdirector.kernel.ipvs;

import io.ipvsdirector.kernel.netlink.Errno;
import io.ipvsdirector.kernel.netlink.NetlinkException;

/** The kernel has no IPVS generic netlink family, even after trying to load ip_vs. */
public final class IpvsUnavailableException extends NetlinkException {
    public static final String MESSAGE = "IPVS is not available in this kernel (module ip_vs could not be loaded)";

    IpvsUnavailableException() {
        super(Errno.ENOENT.value(), "resolve generic netlink family IPVS", MESSAGE);
    }
}
