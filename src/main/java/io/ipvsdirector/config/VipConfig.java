package io.ipvsdirector.config;

import io.ipvsdirector.net.IpPrefix;
import java.util.Optional;

/** A virtual IP address owned by the ACTIVE director, on {@code interfaceName}. */
public record VipConfig(IpPrefix address, String interfaceName, Optional<String> label) {
    @Override
    public String toString() {
        return address + " dev " + interfaceName + label.map(l -> " label " + l).orElse("");
    }
}
