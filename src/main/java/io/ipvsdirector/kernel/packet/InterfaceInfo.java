package io.ipvsdirector.kernel.packet;

import io.ipvsdirector.net.InetAddresses;
import java.io.IOException;
import java.net.Inet6Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * What an announcement needs to know of an interface, read from /sys and /proc of this network
 * namespace: its index, its MAC, its IPv6 link-local address and whether IPv6 forwarding is on.
 */
public record InterfaceInfo(String name, int index, byte[] mac, Optional<Inet6Address> linkLocal, boolean ipv6Forwarding) {

    public static InterfaceInfo read(String name) throws IOException {
        Path dir = Path.of("/sys/class/net", name);
        if (!Files.isDirectory(dir)) {
            throw new IOException("no interface " + name);
        }
        int index = Integer.parseInt(Files.readString(dir.resolve("ifindex")).trim());
        byte[] mac = HexFormat.of().parseHex(Files.readString(dir.resolve("address")).trim().replace(":", ""));
        return new InterfaceInfo(name, index, mac, linkLocal(name), forwarding(name));
    }

    private static Optional<Inet6Address> linkLocal(String name) throws IOException {
        Path table = Path.of("/proc/net/if_inet6");
        if (!Files.exists(table)) {
            return Optional.empty();
        }
        // Lines: address(32 hex) ifindex prefixlen scope flags name; scope 0x20 is link-local.
        for (String line : Files.readAllLines(table)) {
            List<String> f = List.of(line.trim().split("\\s+"));
            if (f.size() >= 6 && f.get(5).equals(name) && f.get(3).equals("20")) {
                return Optional.of((Inet6Address) InetAddresses.fromBytes(HexFormat.of().parseHex(f.get(0))));
            }
        }
        return Optional.empty();
    }

    private static boolean forwarding(String name) {
        try {
            return Files.readString(Path.of("/proc/sys/net/ipv6/conf", name, "forwarding")).trim().equals("1");
        } catch (IOException e) {
            return false;
        }
    }
}
