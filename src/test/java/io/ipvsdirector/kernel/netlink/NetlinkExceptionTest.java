package io.ipvsdirector.kernel.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.junit.jupiter.api.Test;

class NetlinkExceptionTest {
    @Test
    void eachErrnoThatCallersActOnHasItsType() {
        assertInstanceOf(ObjectExistsException.class, NetlinkException.of(17, "x"));
        assertInstanceOf(ObjectMissingException.class, NetlinkException.of(2, "x"));
        assertInstanceOf(ObjectMissingException.class, NetlinkException.of(3, "x"));
        assertInstanceOf(PermissionDeniedException.class, NetlinkException.of(1, "x"));
        assertInstanceOf(PermissionDeniedException.class, NetlinkException.of(13, "x"));
        assertInstanceOf(InvalidRequestException.class, NetlinkException.of(22, "x"));
        assertInstanceOf(InvalidRequestException.class, NetlinkException.of(34, "x"));
        assertInstanceOf(InvalidRequestException.class, NetlinkException.of(97, "x"));
        assertInstanceOf(NetlinkTimeoutException.class, NetlinkException.of(11, "x"));
        assertEquals(NetlinkException.class, NetlinkException.of(105, "x").getClass());
    }

    @Test
    void messagesNameWhatWasDoneAndWhyInOneLine() {
        assertEquals("list IPVS services: permission denied; this needs CAP_NET_ADMIN (run as root)",
                NetlinkException.of(1, "list IPVS services").getMessage());
        assertEquals("-a -t 192.0.2.10:80 -r 10.0.1.11:8080 -m -w 1: No such process",
                NetlinkException.of(3, "-a -t 192.0.2.10:80 -r 10.0.1.11:8080 -m -w 1").getMessage());
        assertEquals("x: Unknown error 4095", NetlinkException.of(4095, "x").getMessage());
        assertEquals(Errno.UNKNOWN, NetlinkException.of(4095, "x").errno());
        assertEquals(4095, NetlinkException.of(4095, "x").errnoValue());
    }
}
