package io.ipvsdirector.cli;

import io.ipvsdirector.kernel.ipvs.Destination;
import io.ipvsdirector.kernel.ipvs.DestinationEntry;
import io.ipvsdirector.kernel.ipvs.IpvsInfo;
import io.ipvsdirector.kernel.ipvs.IpvsSnapshot;
import io.ipvsdirector.kernel.ipvs.IpvsadmWords;
import io.ipvsdirector.kernel.ipvs.Service;
import io.ipvsdirector.kernel.ipvs.ServiceFlag;
import io.ipvsdirector.kernel.ipvs.Stats;
import io.ipvsdirector.net.AddressFamily;
import io.ipvsdirector.net.InetAddresses;
import io.ipvsdirector.net.ServiceKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The table laid out as `ipvsadm -Ln` (and `ipvsadm -Ln --stats`) lays it out, column for column,
 * so that scripts and eyes used to ipvsadm read it unchanged. Services are sorted by fwmark, family,
 * protocol, address and port, destinations by family, address and port, as ipvsadm sorts them.
 */
final class IpvsText {
    private IpvsText() {
    }

    static List<String> lines(IpvsInfo info, IpvsSnapshot table, boolean stats) {
        List<String> out = new ArrayList<>();
        out.add("IP Virtual Server version " + info.versionText() + " (size=" + info.connectionTableSize() + ")");
        if (stats) {
            out.add(String.format("%-33s %8s %8s %8s %8s %8s", "Prot LocalAddress:Port", "Conns", "InPkts", "OutPkts",
                    "InBytes", "OutBytes"));
            out.add("  -> RemoteAddress:Port");
        } else {
            out.add("Prot LocalAddress:Port Scheduler Flags");
            out.add("  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn");
        }
        for (IpvsSnapshot.Entry e : sorted(table)) {
            Service s = e.service().service();
            out.add(stats ? String.format("%-33s", serviceName(s.key())) + counters(e.service().stats64()) : serviceLine(s));
            for (DestinationEntry d : e.destinations().stream().sorted(DESTINATION_ORDER).toList()) {
                Destination dest = d.destination();
                out.add(stats
                        ? String.format("  -> %-28s", dest.key()) + counters(d.stats64())
                        : String.format("  -> %-28s %-7s %-6d %-10s %-10s", dest.key(), dest.forwarding().listName(),
                                dest.weight(), Integer.toUnsignedString(d.activeConnections()),
                                Integer.toUnsignedString(d.inactiveConnections())));
            }
        }
        return out;
    }

    static List<IpvsSnapshot.Entry> sorted(IpvsSnapshot table) {
        return table.services().stream().sorted(Comparator.comparing(e -> e.service().service().key(), SERVICE_ORDER)).toList();
    }

    private static final Comparator<ServiceKey> SERVICE_ORDER = Comparator
            .comparingLong((ServiceKey k) -> Integer.toUnsignedLong(k.fwmark()))
            .thenComparingInt(k -> k.family().af())
            .thenComparingInt(k -> k.isFwmark() ? 0 : k.protocol().number())
            .thenComparing((a, b) -> a.isFwmark() ? 0 : Arrays.compareUnsigned(a.address().getAddress(), b.address().getAddress()))
            .thenComparingInt(ServiceKey::port);

    static final Comparator<DestinationEntry> DESTINATION_ORDER = Comparator
            .comparingInt((DestinationEntry d) -> d.destination().family().af())
            .thenComparing((a, b) -> Arrays.compareUnsigned(a.destination().address().getAddress(),
                    b.destination().address().getAddress()))
            .thenComparingInt(d -> d.destination().port());

    /** "TCP  192.0.2.10:80", "FWM  7 IPv6". */
    static String serviceName(ServiceKey k) {
        if (k.isFwmark()) {
            return "FWM  " + Integer.toUnsignedString(k.fwmark()) + (k.family() == AddressFamily.IPV6 ? " IPv6" : "");
        }
        return String.format("%-4s %s", k.protocol().toString().toUpperCase(Locale.ROOT), InetAddresses.toText(k.address(), k.port()));
    }

    /** "TCP  192.0.2.10:80 sh (sh-fallback,sh-port) persistent 60 mask 255.255.255.0 pe sip ops". */
    static String serviceLine(Service s) {
        StringBuilder sb = new StringBuilder(serviceName(s.key())).append(' ').append(s.scheduler());
        List<String> flags = ServiceFlag.schedulerFlagNames(s.scheduler(), s.flags());
        if (!flags.isEmpty()) {
            sb.append(" (").append(String.join(",", flags)).append(')');
        }
        if (s.persistent()) {
            sb.append(" persistent ").append(Integer.toUnsignedString(s.timeout()));
            IpvsadmWords.netmask(s).ifPresent(m -> sb.append(" mask ").append(m));
            s.persistenceEngine().ifPresent(pe -> sb.append(" pe ").append(pe));
        }
        if (s.flags().contains(ServiceFlag.ONE_PACKET)) {
            sb.append(" ops");
        }
        return sb.toString();
    }

    private static String counters(Stats s) {
        return number(s.connections()) + number(s.inPackets()) + number(s.outPackets()) + number(s.inBytes())
                + number(s.outBytes());
    }

    /** ipvsadm's 9-column number: exact below 10^8, then K, M, G and T. */
    static String number(long v) {
        if (Long.compareUnsigned(v, 100_000_000L) < 0) {
            return String.format("%9d", v);
        }
        String[] units = {"K", "M", "G", "T"};
        long[] limits = {1_000_000_000L, 100_000_000_000L, 100_000_000_000_000L, Long.MAX_VALUE};
        long[] divisors = {1_000L, 1_000_000L, 1_000_000_000L, 1_000_000_000_000L};
        int i = 0;
        while (i < 3 && Long.compareUnsigned(v, limits[i]) >= 0) {
            i++;
        }
        return String.format("%8s", Long.toUnsignedString(Long.divideUnsigned(v, divisors[i]))) + units[i];
    }
}
