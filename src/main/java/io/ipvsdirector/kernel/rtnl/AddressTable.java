package io.ipvsdirector.kernel.rtnl;

import io.ipvsdirector.net.IpPrefix;
import java.io.IOException;
import java.util.Optional;

/** The interface addresses of this network namespace, as far as VIPs need them. Blocking; kernel thread only. */
public interface AddressTable {
    /**
     * Adds {@code address} to {@code interfaceName} (IPv6 without duplicate address detection).
     *
     * @return false when the address was already there (it is adopted, not duplicated)
     */
    boolean add(String interfaceName, IpPrefix address, Optional<String> label) throws IOException;

    /**
     * Runs what {@link #add} runs, the kernel request included, with nothing changed: the first real
     * add (a takeover) then finds its code loaded and linked.
     */
    default void rehearseAdd(String interfaceName, IpPrefix address, Optional<String> label) throws IOException {
    }

    /** @return false when the address was not there */
    boolean remove(String interfaceName, IpPrefix address) throws IOException;

    boolean has(String interfaceName, IpPrefix address) throws IOException;
}
