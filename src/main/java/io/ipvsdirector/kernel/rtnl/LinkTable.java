package io.ipvsdirector.kernel.rtnl;

import java.io.IOException;

/** The administrative state of this namespace's links. Blocking; one thread at a time. */
public interface LinkTable {
    /** True when {@code interfaceName} exists. */
    boolean exists(String interfaceName);

    /** True when the link is administratively up (IFF_UP). */
    boolean isUp(String interfaceName) throws IOException;

    /** Sets the link up or down, as {@code ip link set NAME up|down}. */
    void setUp(String interfaceName, boolean up) throws IOException;
}
