package io.ipvsdirector.config;

/** How a TUN real server is reached: encapsulation, its UDP port (GUE only) and checksum handling. */
public record TunnelConfig(Type type, int port, Checksum checksum) {
    public enum Type implements Spelled {
        IPIP, GUE, GRE;

        @Override
        public String toString() {
            return spelling();
        }
    }

    /** Checksums of the outer header (GUE and GRE): none, csum, or remote checksum offload. */
    public enum Checksum implements Spelled {
        NOCSUM, CSUM, REMCSUM;

        @Override
        public String toString() {
            return spelling();
        }
    }

    public static final TunnelConfig IPIP = new TunnelConfig(Type.IPIP, 0, Checksum.NOCSUM);

    @Override
    public String toString() {
        return type + (type == Type.GUE ? " port " + port : "") + (checksum != Checksum.NOCSUM ? " " + checksum : "");
    }
}
