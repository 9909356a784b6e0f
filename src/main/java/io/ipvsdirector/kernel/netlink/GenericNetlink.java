package io.ipvsdirector.kernel.netlink;

import java.util.List;
import java.util.Optional;

/**
 * Generic netlink on a {@link NetlinkConnection}: the 4-byte genlmsghdr and family resolution
 * through the controller (CTRL_CMD_GETFAMILY, include/uapi/linux/genetlink.h).
 */
public final class GenericNetlink {
    /** struct genlmsghdr: u8 cmd, u8 version, u16 reserved. */
    public static final int HEADER_LENGTH = 4;
    static final int GENL_ID_CTRL = 0x10;
    static final int CTRL_CMD_GETFAMILY = 3;
    static final int CTRL_ATTR_FAMILY_ID = 1;
    static final int CTRL_ATTR_FAMILY_NAME = 2;
    static final int CTRL_ATTR_VERSION = 3;
    private static final int CTRL_VERSION = 2;

    private GenericNetlink() {
    }

    /** Writes the genl header of a request. */
    public static void header(MessageWriter w, int command, int version) {
        w.u8(command).u8(version).u16(0);
    }

    /** The command byte of a received genl message. */
    public static int command(NetlinkMessage m) {
        return m.buffer().get(m.payloadOffset()) & 0xff;
    }

    /** The attributes of a received genl message. */
    public static Attributes attributes(NetlinkMessage m) {
        return m.attributes(HEADER_LENGTH);
    }

    /** The family called {@code name}, or empty when the kernel has none (its module is not loaded). */
    public static Optional<GenlFamily> family(NetlinkConnection connection, String name) throws NetlinkException {
        NetlinkConnection.Request request = new NetlinkConnection.Request("resolve generic netlink family " + name,
                GENL_ID_CTRL, 0, w -> {
                    header(w, CTRL_CMD_GETFAMILY, CTRL_VERSION);
                    w.attrString(CTRL_ATTR_FAMILY_NAME, name);
                });
        try {
            List<GenlFamily> found = connection.get(request, m -> {
                Attributes a = attributes(m);
                return new GenlFamily(a.string(CTRL_ATTR_FAMILY_NAME), a.u16(CTRL_ATTR_FAMILY_ID), a.u32(CTRL_ATTR_VERSION));
            });
            return found.stream().findFirst();
        } catch (ObjectMissingException e) {
            return Optional.empty();
        }
    }
}
