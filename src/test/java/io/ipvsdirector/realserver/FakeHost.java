package io.ipvsdirector.realserver;

import io.ipvsdirector.kernel.rtnl.AddressTable;
import io.ipvsdirector.kernel.rtnl.LinkTable;
import io.ipvsdirector.net.IpPrefix;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A host's settings, addresses, links and modules in memory, for the real-server steps. */
final class FakeHost implements Sysctls, AddressTable, LinkTable {
    final Map<Sysctl, String> sysctls = new HashMap<>();
    final Set<String> addresses = new HashSet<>();
    final Map<String, Boolean> links = new HashMap<>();
    final List<String> loaded = new ArrayList<>();

    FakeHost() {
        links.put("lo", true);
        links.put("eth0", true);
        for (String dev : List.of("all", "default", "lo", "eth0")) {
            for (String key : List.of("arp_ignore", "arp_announce", "rp_filter")) {
                sysctls.put(Sysctl.ipv4Conf(dev, key), "0");
            }
        }
    }

    /** modprobe: ipip creates tunl0 (down), with its settings; ip6_tunnel creates ip6tnl0. */
    boolean load(String module) {
        loaded.add(module);
        if (module.equals("ipip")) {
            links.put("tunl0", false);
            for (String key : List.of("arp_ignore", "arp_announce", "rp_filter")) {
                sysctls.put(Sysctl.ipv4Conf("tunl0", key), key.equals("rp_filter") ? "1" : "0");
            }
        } else if (module.equals("ip6_tunnel")) {
            links.put("ip6tnl0", false);
        } else {
            return false;
        }
        return true;
    }

    @Override
    public Optional<String> read(Sysctl key) {
        return Optional.ofNullable(sysctls.get(key));
    }

    @Override
    public void write(Sysctl key, String value) throws IOException {
        if (!sysctls.containsKey(key)) {
            throw new IOException(key + " does not exist");
        }
        sysctls.put(key, value);
    }

    @Override
    public boolean add(String interfaceName, IpPrefix address, Optional<String> label) throws IOException {
        if (!links.containsKey(interfaceName)) {
            throw new IOException("no interface " + interfaceName);
        }
        return addresses.add(interfaceName + " " + address);
    }

    @Override
    public boolean remove(String interfaceName, IpPrefix address) {
        return addresses.remove(interfaceName + " " + address);
    }

    @Override
    public boolean has(String interfaceName, IpPrefix address) {
        return addresses.contains(interfaceName + " " + address);
    }

    @Override
    public boolean exists(String interfaceName) {
        return links.containsKey(interfaceName);
    }

    @Override
    public boolean isUp(String interfaceName) {
        return links.get(interfaceName);
    }

    @Override
    public void setUp(String interfaceName, boolean up) {
        links.put(interfaceName, up);
    }
}
