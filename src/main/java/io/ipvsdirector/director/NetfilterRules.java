package io.ipvsdirector.director;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Finds the netfilter rules that act on IPVS traffic only when IPVS lets netfilter track it
 * (net.ipv4.vs.conntrack=1): source NAT (MASQUERADE, SNAT, as iptables-save and nft print them) and
 * the ipvs match. With conntrack off, IPVS marks its packets untracked and such rules never apply.
 */
public final class NetfilterRules {
    private static final Pattern IPVS_DEPENDENT = Pattern.compile(
            "(-j (MASQUERADE|SNAT)\\b)|(-m ipvs\\b)|(\\bmasquerade\\b)|(\\bsnat (ip6? )?to\\b)");

    private NetfilterRules() {
    }

    /** The rule lines of an iptables-save or "nft list ruleset" text that depend on IPVS conntrack. */
    public static List<String> dependingOnConntrack(String rules) {
        return rules.lines().map(String::trim)
                .filter(l -> !l.startsWith("#") && IPVS_DEPENDENT.matcher(l).find())
                .toList();
    }
}
