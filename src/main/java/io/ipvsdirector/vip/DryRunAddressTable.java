package io.ipvsdirector.vip;

import io.ipvsdirector.kernel.rtnl.AddressTable;
import io.ipvsdirector.net.IpPrefix;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** For --dry-run: remembers the addresses it would have set and logs each change in ip(8) words. */
public final class DryRunAddressTable implements AddressTable {
    private static final Logger LOG = LoggerFactory.getLogger(DryRunAddressTable.class);
    private final Set<String> present = new HashSet<>();

    @Override
    public synchronized boolean add(String interfaceName, IpPrefix address, Optional<String> label) {
        boolean added = present.add(interfaceName + " " + address);
        if (added) {
            LOG.info("dry run: ip addr add {} dev {}{}", address, interfaceName, label.map(l -> " label " + l).orElse(""));
        }
        return added;
    }

    @Override
    public synchronized boolean remove(String interfaceName, IpPrefix address) {
        boolean removed = present.remove(interfaceName + " " + address);
        if (removed) {
            LOG.info("dry run: ip addr del {} dev {}", address, interfaceName);
        }
        return removed;
    }

    @Override
    public synchronized boolean has(String interfaceName, IpPrefix address) {
        return present.contains(interfaceName + " " + address);
    }
}
