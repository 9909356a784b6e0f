package io.ipvsdirector.kernel.rtnl;

import io.ipvsdirector.kernel.netlink.Netlink;
import io.ipvsdirector.kernel.netlink.NetlinkConnection;
import io.ipvsdirector.kernel.netlink.NetlinkConnection.Request;
import io.ipvsdirector.kernel.netlink.NetlinkException;
import io.ipvsdirector.kernel.netlink.NetlinkSocket;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Links over rtnetlink. Confined to one thread (the socket is made on first use, in its namespace). */
public final class RtnlLinkTable implements LinkTable, AutoCloseable {
    private NetlinkConnection connection;

    private NetlinkConnection connection() throws IOException {
        if (connection == null) {
            try {
                connection = new NetlinkConnection(NetlinkSocket.open(Netlink.NETLINK_ROUTE));
            } catch (NetlinkException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        return connection;
    }

    @Override
    public boolean exists(String interfaceName) {
        try {
            return Links.find(connection(), interfaceName).isPresent();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean isUp(String interfaceName) throws IOException {
        return Links.find(connection(), interfaceName).orElseThrow(() -> new IOException("no interface " + interfaceName)).up();
    }

    @Override
    public void setUp(String interfaceName, boolean up) throws IOException {
        int ifindex = Links.index(connection(), interfaceName);
        try {
            connection().execute(new Request("set " + interfaceName + (up ? " up" : " down"), LinkMessages.RTM_NEWLINK, 0,
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
