package io.ipvsdirector.config;

/** How a TUN real server is reached: encapsulation, its UDP port (GUE only) and checksum handling. */
public record TunnelConfig(Type type, int port, Checksum checksum) {
    public enum Type implements Spelled {
        IPIP("ipip"), GUE("gue"), GRE("gre");

        private final String spelling;

        Type(String spelling) {
            this.spelling = spelling;
        }

        @Override
        public String spelling() {
            return spelling;
        }

        @Override
        public String toString() {
            return spelling;
        }
    }

    /** Checksums of the outer header (GUE and GRE): none, csum, or remote checksum offload. */
    public enum Checksum implements Spelled {
        NOCSUM("nocsum"), CSUM("csum"), REMCSUM("remcsum");

        private final String spelling;

        Checksum(String spelling) {
            this.spelling = spelling;
        }

        @Override
        public String spelling() {
            return spelling;
        }

        @Override
        public String toString() {
            return spelling;
        }
    }

    public static final TunnelConfig IPIP = new TunnelConfig(Type.IPIP, 0, Checksum.NOCSUM);

    @Override
    public String toString() {
        return type + (type == Type.GUE ? " port " + port : "") + (checksum != Checksum.NOCSUM ? " " + checksum : "");
    }
}
