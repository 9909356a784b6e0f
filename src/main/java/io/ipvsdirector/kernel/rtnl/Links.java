package io.ipvsdirector.kernel.rtnl;

import io.ipvsdirector.kernel.netlink.NetlinkConnection;
import io.ipvsdirector.kernel.netlink.NetlinkConnection.Request;
import io.ipvsdirector.kernel.netlink.NetlinkException;
import java.io.IOException;
import java.util.Optional;

/**
 * Looks links up by name over rtnetlink, in the network namespace of the socket. Not through
 * /sys/class/net: that shows the namespace /sys was mounted in, which is not this one in a process
 * that entered a namespace with setns (nsenter --net) without mounting /sys again.
 */
final class Links {
    private Links() {
    }

    static Optional<LinkMessages.Link> find(NetlinkConnection connection, String name) throws IOException {
        try {
            return connection.dump(new Request("list links", LinkMessages.RTM_GETLINK, 0, LinkMessages::dumpAll),
                    LinkMessages.Link::of).stream().filter(l -> l.name().equals(name)).findFirst();
        } catch (NetlinkException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    static int index(NetlinkConnection connection, String name) throws IOException {
        return find(connection, name).orElseThrow(() -> new IOException("no interface " + name)).index();
    }
}
