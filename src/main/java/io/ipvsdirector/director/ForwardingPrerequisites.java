package io.ipvsdirector.director;

import io.ipvsdirector.config.DirectorConfig;
import io.ipvsdirector.config.Forwarding;
import io.ipvsdirector.config.RealServerConfig;
import io.ipvsdirector.config.VirtualServerConfig;
import io.ipvsdirector.net.AddressFamily;
import io.ipvsdirector.realserver.Sysctl;
import io.ipvsdirector.realserver.Sysctls;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the director's own kernel must allow for the forwarding methods in the configuration: NAT
 * needs forwarding on (the real servers' replies are routed through this director), and netfilter
 * rules that source-NAT or match IPVS traffic need net.ipv4.vs.conntrack=1. Forwarding is switched
 * on (logged); the conntrack mismatch is only reported, since turning tracking on costs every
 * connection a conntrack entry and is the operator's call. And for every method: with
 * net.ipv4.vs.expire_nodest_conn=0 (the kernel's default) the packets of a connection whose real
 * server was removed are dropped while its entry lives, so a client whose new connection happens to
 * reuse such an entry's ports waits seconds of SYN retries for a dead server; the director sets it
 * to 1, so that the entry is expired at once and the retry is scheduled to a live server.
 *
 * <p>Under the packaged unit /proc/sys is read-only (ProtectKernelTunables=yes): the packages'
 * sysctl.d drop-in sets expire_nodest_conn, and a write that fails is one line naming the file to fix.
 * By hand, as root, the writes simply succeed; the checks are the same either way.
 */
public final class ForwardingPrerequisites {
    private static final Logger LOG = LoggerFactory.getLogger(ForwardingPrerequisites.class);
    static final Sysctl IPV4_FORWARD = Sysctl.of("net", "ipv4", "ip_forward");
    static final Sysctl IPV6_FORWARD = Sysctl.of("net", "ipv6", "conf", "all", "forwarding");
    static final Sysctl VS_CONNTRACK = Sysctl.of("net", "ipv4", "vs", "conntrack");
    static final Sysctl VS_EXPIRE_NODEST = Sysctl.of("net", "ipv4", "vs", "expire_nodest_conn");
    /** The packages' sysctl.d drop-in, which sets expire_nodest_conn. */
    static final String DROP_IN = "60-ipvs-director.conf";
    /** Where the operator turns forwarding on for NAT (the packages do not: it makes the host a router). */
    static final String NAT_DROP_IN = "61-ipvs-director-nat.conf";
    /** Where the fix goes when the director may not write /proc/sys (the unit's ProtectKernelTunables=yes). */
    static final String APPLY = "; apply it with: systemctl restart systemd-sysctl";

    private final Sysctls sysctls;
    private final Supplier<String> rules;
    private final boolean dryRun;

    /**
     * @param rules the current netfilter rules as text (iptables-save, nft list ruleset), read only
     *              when conntrack is off
     */
    public ForwardingPrerequisites(Sysctls sysctls, Supplier<String> rules, boolean dryRun) {
        this.sysctls = sysctls;
        this.rules = rules;
        this.dryRun = dryRun;
    }

    /** The address families that have a NAT real server (or NAT sorry server). */
    static Set<AddressFamily> natFamilies(DirectorConfig config) {
        Set<AddressFamily> out = EnumSet.noneOf(AddressFamily.class);
        for (VirtualServerConfig vs : config.virtualServers()) {
            for (RealServerConfig rs : vs.realServers()) {
                if (rs.forwarding() == Forwarding.NAT) {
                    out.add(rs.family());
                }
            }
            vs.sorryServer().filter(s -> s.forwarding() == Forwarding.NAT)
                    .ifPresent(s -> out.add(AddressFamily.of(s.address())));
        }
        return out;
    }

    /** Checks (and where it can, fixes) everything; returns the log lines' gist, for tests. */
    public List<String> check(DirectorConfig config) {
        List<String> found = new ArrayList<>();
        for (AddressFamily family : natFamilies(config)) {
            forwarding(family == AddressFamily.IPV4 ? IPV4_FORWARD : IPV6_FORWARD).ifPresent(found::add);
        }
        if (!config.virtualServers().isEmpty()) {
            conntrack().ifPresent(found::add);
            expireNodest().ifPresent(found::add);
        }
        return found;
    }

    private Optional<String> forwarding(Sysctl key) {
        try {
            Optional<String> now = sysctls.read(key);
            if (now.isEmpty() || !now.get().equals("0")) {
                return Optional.empty();
            }
            if (dryRun) {
                return warn(key + " is 0: NAT needs 1, or the real servers' replies are dropped here (dry run: not changed)");
            }
            sysctls.write(key, "1");
            String line = key + " set to 1 (was 0): NAT replies from the real servers are forwarded through this director";
            LOG.info(line);
            return Optional.of(line);
        } catch (IOException e) {
            return warn(key + " is 0 and could not be set to 1 (" + reason(e)
                    + "): the replies of NAT real servers will be dropped; set " + key + " = 1 in /etc/sysctl.d/"
                    + NAT_DROP_IN + APPLY);
        }
    }

    private Optional<String> expireNodest() {
        try {
            Optional<String> now = sysctls.read(VS_EXPIRE_NODEST);
            if (now.isEmpty() || !now.get().equals("0")) {
                return Optional.empty(); // 1 already, or IPVS not loaded yet
            }
            if (dryRun) {
                return warn(VS_EXPIRE_NODEST + " is 0: connections to a removed real server linger (dry run: not changed)");
            }
            sysctls.write(VS_EXPIRE_NODEST, "1");
            String line = VS_EXPIRE_NODEST + " set to 1 (was 0): connections to a removed real server end at once,"
                    + " so clients reconnect to a live one";
            LOG.info(line);
            return Optional.of(line);
        } catch (IOException e) {
            return warn(VS_EXPIRE_NODEST + " is 0 and could not be set to 1 (" + reason(e)
                    + "): connections to a removed real server linger until they time out; /usr/lib/sysctl.d/"
                    + DROP_IN + " sets it" + APPLY);
        }
    }

    private Optional<String> conntrack() {
        try {
            Optional<String> now = sysctls.read(VS_CONNTRACK);
            if (now.isEmpty() || !now.get().equals("0")) {
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        List<String> dependent = NetfilterRules.dependingOnConntrack(rules.get());
        if (dependent.isEmpty()) {
            return Optional.empty();
        }
        return warn(VS_CONNTRACK + " is 0, so netfilter does not track IPVS connections, but " + dependent.size()
                + " rule(s) expect it and will not apply to IPVS traffic, such as '" + dependent.get(0)
                + "'; set " + VS_CONNTRACK + "=1");
    }

    /** The system's words for why the write failed (e.g. "Read-only file system"), without the file name. */
    private static String reason(IOException e) {
        String m = String.valueOf(e.getMessage());
        int colon = m.lastIndexOf(": ");
        return colon < 0 ? m : m.substring(colon + 2);
    }

    private static Optional<String> warn(String line) {
        LOG.warn(line);
        return Optional.of(line);
    }
}
