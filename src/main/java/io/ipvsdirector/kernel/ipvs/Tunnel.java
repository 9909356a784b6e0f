package io.ipvsdirector.kernel.ipvs;

import java.util.Locale;

/** The encapsulation of a TUNNEL destination: type, the GUE port, and outer checksum handling. */
public record Tunnel(Type type, int port, Checksum checksum) {
    public static final Tunnel IPIP = new Tunnel(Type.IPIP, 0, Checksum.NOCSUM);

    /** IP_VS_CONN_F_TUNNEL_TYPE_*. */
    public enum Type {
        IPIP(IpvsUapi.TUNNEL_TYPE_IPIP), GUE(IpvsUapi.TUNNEL_TYPE_GUE), GRE(IpvsUapi.TUNNEL_TYPE_GRE);

        private final int value;

        Type(int value) {
            this.value = value;
        }

        public int value() {
            return value;
        }

        public static Type of(int value) {
            return IpvsUapi.constant(Type.class, Type::value, value, "IPVS tunnel type");
        }

        /** "ipip", "gue", "gre": ipvsadm's and the configuration's word. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** IP_VS_TUNNEL_ENCAP_FLAG_*: none, checksum, remote checksum offload. */
    public enum Checksum {
        NOCSUM(IpvsUapi.TUNNEL_ENCAP_FLAG_NOCSUM),
        CSUM(IpvsUapi.TUNNEL_ENCAP_FLAG_CSUM),
        REMCSUM(IpvsUapi.TUNNEL_ENCAP_FLAG_REMCSUM);

        private final int value;

        Checksum(int value) {
            this.value = value;
        }

        public int value() {
            return value;
        }

        public static Checksum of(int value) {
            return IpvsUapi.constant(Checksum.class, Checksum::value, value, "IPVS tunnel flags");
        }

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
