package io.ipvsdirector.kernel.ipvs;

/**
 * How IPVS forwards to a destination (IP_VS_CONN_F_FWD_MASK). LOCAL is never asked for: the
 * kernel picks it by itself when the destination's address is one of the director's own.
 */
public enum ForwardingMethod {
    MASQ(IpvsUapi.CONN_F_MASQ, "Masq", "-m", "nat"),
    LOCAL(IpvsUapi.CONN_F_LOCALNODE, "Local", "-g", "local"),
    TUNNEL(IpvsUapi.CONN_F_TUNNEL, "Tunnel", "-i", "tun"),
    DROUTE(IpvsUapi.CONN_F_DROUTE, "Route", "-g", "dr");

    private final int value;
    private final String listName;
    private final String ipvsadmSwitch;
    private final String word;

    ForwardingMethod(int value, String listName, String ipvsadmSwitch, String word) {
        this.value = value;
        this.listName = listName;
        this.ipvsadmSwitch = ipvsadmSwitch;
        this.word = word;
    }

    public int value() {
        return value;
    }

    /** ipvsadm -Ln's column: Masq, Local, Tunnel, Route. */
    public String listName() {
        return listName;
    }

    /** ipvsadm's option: -m, -g or -i. */
    public String ipvsadmSwitch() {
        return ipvsadmSwitch;
    }

    /** The configuration's word: nat, dr, tun (and local). */
    public String word() {
        return word;
    }

    public static ForwardingMethod of(int connFlags) {
        return IpvsUapi.constant(ForwardingMethod.class, ForwardingMethod::value, connFlags & IpvsUapi.CONN_F_FWD_MASK,
                "IPVS forwarding method");
    }
}
