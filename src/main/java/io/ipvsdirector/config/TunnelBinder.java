package io.ipvsdirector.config;

import java.util.Optional;

/** The tunnel mapping of TUN forwarding. */
final class TunnelBinder {
    private TunnelBinder() {
    }

    /** The tunnel written under {@code parent.tunnel}, if any. */
    static Optional<TunnelConfig> parse(Section parent) {
        return parent.object("tunnel").map(s -> {
            TunnelConfig.Type type = s.enumOf("type", TunnelConfig.Type.class, "tunnel type", TunnelConfig.Type.IPIP);
            int port = 0;
            if (type == TunnelConfig.Type.GUE) {
                if (!s.has("port")) {
                    s.problem("port", "is required for a gue tunnel (the real server's GUE UDP port)");
                }
                port = s.integer("port", 1, 65535, 0);
            } else if (s.has("port")) {
                s.problem("port", "only a gue tunnel has a port");
            }
            TunnelConfig.Checksum checksum = s.enumOf("checksum", TunnelConfig.Checksum.class, "checksum mode",
                    TunnelConfig.Checksum.NOCSUM);
            if (checksum != TunnelConfig.Checksum.NOCSUM && type == TunnelConfig.Type.IPIP) {
                s.problem("checksum", "ipip has no checksum; " + checksum + " needs a gue or gre tunnel");
            } else if (checksum == TunnelConfig.Checksum.REMCSUM && type != TunnelConfig.Type.GUE) {
                s.problem("checksum", "remcsum needs a gue tunnel");
            }
            s.finish("tunnel");
            return new TunnelConfig(type, port, checksum);
        });
    }
}
