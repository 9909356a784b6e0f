package io.ipvsdirector.kernel.ipvs;

import io.ipvsdirector.net.AddressFamily;
import io.ipvsdirector.net.InetAddresses;
import io.ipvsdirector.net.ServiceKey;
import java.util.List;
import java.util.Optional;

/**
 * Services, destinations and operations in ipvsadm's words, as `ipvsadm -Sn` writes them, so that
 * an operator reads the director's changes as the commands they know (and could paste).
 */
public final class IpvsadmWords {
    private IpvsadmWords() {
    }

    public static String of(IpvsOperation op) {
        if (op instanceof IpvsOperation.CreateService c) {
            return "-A " + service(c.service());
        }
        if (op instanceof IpvsOperation.UpdateService u) {
            return "-E " + service(u.service());
        }
        if (op instanceof IpvsOperation.DeleteService) {
            return "-D " + serviceKey(op.serviceKey());
        }
        if (op instanceof IpvsOperation.CreateDestination c) {
            return "-a " + serviceKey(op.serviceKey()) + " " + destination(c.destination());
        }
        if (op instanceof IpvsOperation.UpdateDestination u) {
            return "-e " + serviceKey(op.serviceKey()) + " " + destination(u.destination());
        }
        return "-d " + serviceKey(op.serviceKey()) + " -r " + ((IpvsOperation.DeleteDestination) op).destination();
    }

    /** "-t 192.0.2.10:80", "-u [2001:db8::10]:53", "--sctp-service 192.0.2.10:5000", "-f 7 -6". */
    public static String serviceKey(ServiceKey key) {
        if (key.isFwmark()) {
            return "-f " + Integer.toUnsignedString(key.fwmark()) + (key.family() == AddressFamily.IPV6 ? " -6" : "");
        }
        String option = switch (key.protocol()) {
            case TCP -> "-t";
            case UDP -> "-u";
            case SCTP -> "--sctp-service";
        };
        return option + " " + InetAddresses.toText(key.address(), key.port());
    }

    /** The service and its options, in ipvsadm -Sn's order. */
    public static String service(Service s) {
        StringBuilder sb = new StringBuilder(serviceKey(s.key())).append(" -s ").append(s.scheduler());
        if (s.persistent()) {
            sb.append(" -p ").append(Integer.toUnsignedString(s.timeout()));
            netmask(s).ifPresent(m -> sb.append(" -M ").append(m));
        }
        s.persistenceEngine().ifPresent(pe -> sb.append(" --pe ").append(pe));
        if (s.flags().contains(ServiceFlag.ONE_PACKET)) {
            sb.append(" -o");
        }
        List<String> flags = ServiceFlag.schedulerFlagNames(s.scheduler(), s.flags());
        if (!flags.isEmpty()) {
            sb.append(" -b ").append(String.join(",", flags));
        }
        return sb.toString();
    }

    /** The persistence netmask when it is not a single host: "255.255.255.0" or "64". */
    public static Optional<String> netmask(Service s) {
        if (s.netmask() == Service.hostNetmask(s.key().family())) {
            return Optional.empty();
        }
        if (s.key().family() == AddressFamily.IPV6) {
            return Optional.of(Integer.toString(s.netmask()));
        }
        int m = s.netmask();
        return Optional.of(((m >>> 24) & 0xff) + "." + ((m >>> 16) & 0xff) + "." + ((m >>> 8) & 0xff) + "." + (m & 0xff));
    }

    /** "-r 10.0.1.11:8080 -m -w 20", with thresholds and the tunnel when set. */
    public static String destination(Destination d) {
        StringBuilder sb = new StringBuilder("-r ").append(d.key()).append(' ')
                .append(d.forwarding().ipvsadmSwitch()).append(" -w ").append(d.weight());
        if (d.upperThreshold() != 0) {
            sb.append(" -x ").append(Integer.toUnsignedString(d.upperThreshold()));
        }
        if (d.lowerThreshold() != 0) {
            sb.append(" -y ").append(Integer.toUnsignedString(d.lowerThreshold()));
        }
        d.tunnel().ifPresent(t -> {
            sb.append(" --tun-type ").append(t.type().word());
            if (t.type() == Tunnel.Type.GUE) {
                sb.append(" --tun-port ").append(t.port());
            }
            if (t.type() != Tunnel.Type.IPIP) {
                sb.append(" --tun-").append(t.checksum().word());
            }
        });
        return sb.toString();
    }
}
