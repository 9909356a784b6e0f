package io.ipvsdirector.kernel.rtnl;

import io.ipvsdirector.kernel.netlink.Netlink;
import io.ipvsdirector.kernel.netlink.NetlinkConnection;
import io.ipvsdirector.kernel.netlink.NetlinkConnection.Request;
import io.ipvsdirector.kernel.netlink.NetlinkException;
import io.ipvsdirector.kernel.netlink.NetlinkSocket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Links over rtnetlink; their state is read from /sys/class/net, which needs no socket. */
public final class RtnlLinkTable implements LinkTable, AutoCloseable {
    private NetlinkConnection connection;

    @Override
    public boolean exists(String interfaceName) {
        return Files.isDirectory(Path.of("/sys/class/net", interfaceName));
    }

    @Override
    public boolean isUp(String interfaceName) throws IOException {
        String flags = Files.readString(Path.of("/sys/class/net", interfaceName, "flags")).trim();
        return (Integer.decode(flags) & LinkMessages.IFF_UP) != 0;
    }

    @Override
    public void setUp(String interfaceName, boolean up) throws IOException {
        Path file = Path.of("/sys/class/net", interfaceName, "ifindex");
        if (!Files.exists(file)) {
            throw new IOException("no interface " + interfaceName);
        }
        int ifindex = Integer.parseInt(Files.readString(file).trim());
        try {
            if (connection == null) {
                connection = new NetlinkConnection(NetlinkSocket.open(Netlink.NETLINK_ROUTE));
            }
            connection.execute(new Request("set " + interfaceName + (up ? " up" : " down"), LinkMessages.RTM_NEWLINK, 0,
                    w -> LinkMessages.setUp(w, ifindex, up)));
        } catch (NetlinkException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (connection != null) {
            connection.close();
        }
    }
}
