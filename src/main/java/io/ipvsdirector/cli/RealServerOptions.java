package io.ipvsdirector.cli;

import io.ipvsdirector.net.IpPrefix;
import io.ipvsdirector.realserver.RealServerMode;
import io.ipvsdirector.realserver.RealServerRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** The options setup and teardown share. */
public final class RealServerOptions {
    @Option(names = "--mode", paramLabel = "dr|tun", converter = ModeConverter.class,
            description = "The forwarding method the director uses for this host: dr or tun.")
    RealServerMode mode;

    @Option(names = "--vip", paramLabel = "ADDR", converter = VipConverter.class,
            description = "A virtual address this host serves (repeatable); IPv4 or IPv6.")
    List<IpPrefix> vips = new ArrayList<>();

    @Option(names = "--state-file", paramLabel = "FILE",
            description = "Where the setup records what it changed, for the teardown (default: ${DEFAULT-VALUE}).")
    Path stateFile = RealServerRecord.DEFAULT_FILE;

    /** dr, tun (any case). */
    static final class ModeConverter implements ITypeConverter<RealServerMode> {
        @Override
        public RealServerMode convert(String value) {
            try {
                return RealServerMode.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not dr or tun");
            }
        }
    }

    /** An address, with an optional /32 or /128. */
    static final class VipConverter implements ITypeConverter<IpPrefix> {
        @Override
        public IpPrefix convert(String value) {
            try {
                return IpPrefix.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("'" + value + "': " + e.getMessage());
            }
        }
    }
}
