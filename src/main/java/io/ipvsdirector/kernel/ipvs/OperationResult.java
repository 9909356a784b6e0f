package io.ipvsdirector.kernel.ipvs;

import io.ipvsdirector.kernel.netlink.NetlinkException;
import java.util.Optional;

/** What the kernel made of one operation of a batch: done, or refused with an error. */
public record OperationResult(IpvsOperation operation, Optional<NetlinkException> error) {
    public boolean ok() {
        return error.isEmpty();
    }
}
