package io.ipvsdirector.kernel.rtnl;

import io.ipvsdirector.kernel.netlink.Errno;
import io.ipvsdirector.kernel.netlink.Netlink;
import io.ipvsdirector.kernel.netlink.NetlinkConnection;
import io.ipvsdirector.kernel.netlink.NetlinkConnection.Request;
import io.ipvsdirector.kernel.netlink.NetlinkException;
import io.ipvsdirector.kernel.netlink.NetlinkSocket;
import io.ipvsdirector.kernel.netlink.ObjectExistsException;
import io.ipvsdirector.net.IpPrefix;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Interface addresses over rtnetlink, on the netlink layer the IPVS client uses. Confined to the
 * kernel thread (the connection is made there, on first use).
 */
public final class RtnlAddressTable implements AddressTable {
    private NetlinkConnection connection;

    private NetlinkConnection connection() throws NetlinkException {
        if (connection == null) {
            connection = new NetlinkConnection(NetlinkSocket.open(Netlink.NETLINK_ROUTE));
        }
        return connection;
    }

    @Override
    public boolean add(String interfaceName, IpPrefix address, Optional<String> label) throws IOException {
        return addAt(index(interfaceName), interfaceName, address, label);
    }

    /** The same request for interface index 0, which names no interface: the kernel refuses it (ENODEV). */
    @Override
    public void rehearseAdd(String interfaceName, IpPrefix address, Optional<String> label) throws IOException {
        index(interfaceName);
        try {
            addAt(0, interfaceName, address, label);
        } catch (IOException expected) {
            // what the rehearsal is for: the request went out and came back refused
        }
    }

    private boolean addAt(int ifindex, String interfaceName, IpPrefix address, Optional<String> label) throws IOException {
        String what = "add " + address + " to " + interfaceName;
        try {
            connection().execute(new Request(what, AddressMessages.RTM_NEWADDR, Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL,
                    w -> AddressMessages.address(w, ifindex, address, label)));
            return true;
        } catch (ObjectExistsException e) {
            return false;
        } catch (NetlinkException e) {
            throw failure(e);
        }
    }

    @Override
    public boolean remove(String interfaceName, IpPrefix address) throws IOException {
        Optional<Integer> found = find(interfaceName);
        if (found.isEmpty()) {
            return false;
        }
        int ifindex = found.get();
        try {
            connection().execute(new Request("remove " + address + " from " + interfaceName, AddressMessages.RTM_DELADDR, 0,
                    w -> AddressMessages.address(w, ifindex, address, Optional.empty())));
            return true;
        } catch (NetlinkException e) {
            if (e.errno() == Errno.EADDRNOTAVAIL) {
                return false;
            }
            throw failure(e);
        }
    }

    @Override
    public boolean has(String interfaceName, IpPrefix address) throws IOException {
        Optional<Integer> found = find(interfaceName);
        if (found.isEmpty()) {
            return false;
        }
        int ifindex = found.get();
        byte[] wanted = address.address().getAddress();
        try {
            return connection().dump(new Request("list " + address.family() + " addresses", AddressMessages.RTM_GETADDR, 0,
                            w -> AddressMessages.dumpAll(w, address.family())), AddressMessages.Entry::of)
                    .stream().anyMatch(e -> e.ifindex() == ifindex && e.prefixLength() == address.length()
                            && Arrays.equals(e.address(), wanted));
        } catch (NetlinkException e) {
            throw failure(e);
        }
    }

    private int index(String interfaceName) throws IOException {
        Optional<Integer> found = find(interfaceName);
        if (found.isEmpty()) {
            throw new IOException("no interface " + interfaceName);
        }
        return found.get();
    }

    /** The interface's index, looked up over rtnetlink so that it is this socket's namespace's. */
    private Optional<Integer> find(String interfaceName) throws IOException {
        try {
            return Links.find(connection(), interfaceName).map(LinkMessages.Link::index);
        } catch (NetlinkException e) {
            throw failure(e);
        }
    }

    private static IOException failure(NetlinkException e) {
        return new IOException(e.getMessage(), e);
    }
}
