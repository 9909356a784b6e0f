package io.ipvsdirector.kernel.rtnl;

import io.ipvsdirector.net.IpPrefix;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/** Interface addresses over rtnetlink. Not thread-safe: the kernel thread owns it. */
public final class RtnlAddressTable implements AddressTable {
    private static final int EEXIST = 17;
    private static final int EADDRNOTAVAIL = 99;
    private static final int EPERM = 1;

    private RouteSocket socket;

    private RouteSocket socket() throws IOException {
        if (socket == null) {
            socket = RouteSocket.open();
        }
        return socket;
    }

    @Override
    public boolean add(String interfaceName, IpPrefix address, Optional<String> label) throws IOException {
        int seq = socket().nextSeq();
        try {
            socket().request(AddressMessages.add(seq, index(interfaceName), address, label), seq);
            return true;
        } catch (RouteSocket.KernelError e) {
            if (e.errno == EEXIST) {
                return false;
            }
            throw failure("add " + address + " to " + interfaceName, e);
        }
    }

    @Override
    public boolean remove(String interfaceName, IpPrefix address) throws IOException {
        if (!Files.isDirectory(Path.of("/sys/class/net", interfaceName))) {
            return false;
        }
        int seq = socket().nextSeq();
        try {
            socket().request(AddressMessages.delete(seq, index(interfaceName), address), seq);
            return true;
        } catch (RouteSocket.KernelError e) {
            if (e.errno == EADDRNOTAVAIL) {
                return false;
            }
            throw failure("remove " + address + " from " + interfaceName, e);
        }
    }

    @Override
    public boolean has(String interfaceName, IpPrefix address) throws IOException {
        if (!Files.isDirectory(Path.of("/sys/class/net", interfaceName))) {
            return false;
        }
        int ifindex = index(interfaceName);
        int seq = socket().nextSeq();
        byte[] wanted = address.address().getAddress();
        for (ByteBuffer m : socket().dump(AddressMessages.dump(seq, address.family()), seq)) {
            AddressMessages.Entry e = AddressMessages.parse(m, 0, m.capacity());
            if (e.ifindex() == ifindex && e.prefixLength() == address.length() && Arrays.equals(e.address(), wanted)) {
                return true;
            }
        }
        return false;
    }

    private static int index(String interfaceName) throws IOException {
        Path file = Path.of("/sys/class/net", interfaceName, "ifindex");
        if (!Files.exists(file)) {
            throw new IOException("no interface " + interfaceName);
        }
        return Integer.parseInt(Files.readString(file).trim());
    }

    private static IOException failure(String what, RouteSocket.KernelError e) {
        String why = switch (e.errno) {
            case EPERM -> "operation not permitted (needs CAP_NET_ADMIN)";
            case 19 -> "no such device";
            case 22 -> "invalid argument";
            default -> "errno " + e.errno;
        };
        return new IOException("cannot " + what + ": " + why);
    }
}
