package io.ipvsdirector.kernel.ipvs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ipvsdirector.kernel.netlink.MessageWriter;
import io.ipvsdirector.kernel.netlink.Netlink;
import io.ipvsdirector.kernel.netlink.NetlinkConnection;
import io.ipvsdirector.net.AddressFamily;
import io.ipvsdirector.net.InetAddresses;
import io.ipvsdirector.net.ServiceKey;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Whole IPVS requests byte by byte, worked out by hand from include/uapi/linux/ip_vs.h and
 * include/uapi/linux/netlink.h for a little-endian host: struct nlmsghdr {u32 len; u16 type;
 * u16 flags; u32 seq; u32 pid}, struct genlmsghdr {u8 cmd; u8 version; u16 reserved}, and
 * attributes {u16 len; u16 type} padded to 4 bytes. The family id is taken as 0x0020.
 */
class IpvsRequestBytesTest {
    private static final int FAMILY = 0x20;

    @BeforeAll
    static void littleEndian() {
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "expectations are written for a little-endian host");
    }

    /** The request as NetlinkConnection frames it: REQUEST|ACK, seq 1, pid 0. */
    private static String bytes(NetlinkConnection.Request request) {
        MessageWriter w = new MessageWriter(1024);
        int start = w.beginMessage(request.type(), Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK | request.flags(), 1, 0);
        request.payload().write(w);
        w.endMessage(start);
        byte[] b = new byte[w.position()];
        w.buffer().duplicate().position(0).get(b);
        return HexFormat.of().formatHex(b);
    }

    /** The hex digits of a block whose lines may end with a "# comment". */
    private static String hex(String commented) {
        return commented.replaceAll("#[^\\n]*", "").replaceAll("\\s+", "");
    }

    @Test
    void newServiceTcp4() {
        Service s = Service.of(IpvsCodecTest.TCP4, "wlc");
        assertEquals(hex("""
                5c000000 2000 0500 01000000 00000000   # nlmsghdr: 92 bytes, type 0x20, REQUEST|ACK, seq 1, pid 0
                01010000                               # genl: cmd 1 NEW_SERVICE, version 1
                48000180                               # IPVS_CMD_ATTR_SERVICE (1 | NLA_F_NESTED), 72 bytes
                  0600 0100 0200 0000                  # AF = 2 (AF_INET), u16 + 2 bytes padding
                  0600 0200 0600 0000                  # PROTOCOL = 6 (TCP)
                  0800 0300 c000020a                   # ADDR = 192.0.2.10
                  0600 0400 0050 0000                  # PORT = 80, network order
                  0800 0600 776c6300                   # SCHED_NAME = "wlc\\0"
                  0c00 0700 00000000 ffffffff          # FLAGS = {flags 0, mask ~0}
                  0800 0800 00000000                   # TIMEOUT = 0
                  0800 0900 ffffffff                   # NETMASK = 255.255.255.255 (__be32)
                """), bytes(IpvsRequests.of(FAMILY, new IpvsOperation.CreateService(s))));
    }

    @Test
    void updatePersistentIpv6ServiceWithSchedulerFlagsAndEngine() {
        Service s = new Service(IpvsCodecTest.UDP6, "sh", java.util.EnumSet.of(ServiceFlag.SCHED1, ServiceFlag.SCHED2), 0,
                Service.hostNetmask(AddressFamily.IPV6), Optional.of("sip")).withPersistence(300, 64);
        assertEquals(hex("""
                70000000 2000 0500 01000000 00000000   # 112 bytes
                02010000                               # cmd 2 SET_SERVICE
                5c000180                               # SERVICE, 92 bytes
                  0600 0100 0a00 0000                  # AF = 10 (AF_INET6)
                  0600 0200 1100 0000                  # PROTOCOL = 17 (UDP)
                  1400 0300 20010db8000000000000000000000010   # ADDR = 2001:db8::10
                  0600 0400 0035 0000                  # PORT = 53
                  0700 0600 73680000                   # SCHED_NAME = "sh\\0" + 1 byte padding
                  0c00 0700 19000000 ffffffff          # FLAGS = PERSISTENT|SCHED1|SCHED2 = 0x19
                  0800 0800 2c010000                   # TIMEOUT = 300
                  0800 0900 40000000                   # NETMASK = prefix length 64, host order
                  0800 0b00 73697000                   # PE_NAME = "sip\\0"
                """), bytes(IpvsRequests.of(FAMILY, new IpvsOperation.UpdateService(s))));
    }

    @Test
    void newTunnelledIpv6DestinationOfAnIpv4ServiceAlwaysCarriesItsFamily() {
        Destination d = new Destination(InetAddresses.parse("2001:db8::7"), 80, ForwardingMethod.TUNNEL,
                Optional.of(new Tunnel(Tunnel.Type.GUE, 6080, Tunnel.Checksum.CSUM)), 5, 100, 10);
        assertEquals(hex("""
                98000000 2000 0500 01000000 00000000   # 152 bytes
                05010000                               # cmd 5 NEW_DEST
                24000180                               # SERVICE (identity only), 36 bytes
                  0600 0100 0200 0000                  # AF = 2
                  0600 0200 0600 0000                  # PROTOCOL = 6
                  0800 0300 c000020a                   # ADDR = 192.0.2.10
                  0600 0400 0050 0000                  # PORT = 80
                60000280                               # IPVS_CMD_ATTR_DEST (2 | NESTED), 96 bytes
                  1400 0100 20010db8000000000000000000000007   # ADDR = 2001:db8::7
                  0600 0200 0050 0000                  # PORT = 80, network order
                  0600 0b00 0a00 0000                  # ADDR_FAMILY = 10: the destination's own
                  0800 0300 02000000                   # FWD_METHOD = 2 (TUNNEL)
                  0800 0400 05000000                   # WEIGHT = 5
                  0800 0500 64000000                   # U_THRESH = 100
                  0800 0600 0a000000                   # L_THRESH = 10
                  0500 0d00 01000000                   # TUN_TYPE = 1 (GUE), u8 + 3 bytes padding
                  0600 0e00 17c00000                   # TUN_PORT = 6080, network order
                  0600 0f00 01000000                   # TUN_FLAGS = 1 (CSUM)
                """), bytes(IpvsRequests.of(FAMILY, new IpvsOperation.CreateDestination(IpvsCodecTest.TCP4, d))));
    }

    @Test
    void deleteDestinationOfAnIpv6FwmarkService() {
        ServiceKey fwm = ServiceKey.ofFwmark(AddressFamily.IPV6, 7);
        Destination.Key d = new Destination.Key(InetAddresses.parse("2001:db8::8"), 0);
        assertEquals(hex("""
                50000000 2000 0500 01000000 00000000   # 80 bytes
                07010000                               # cmd 7 DEL_DEST
                14000180                               # SERVICE, 20 bytes
                  0600 0100 0a00 0000                  # AF = 10
                  0800 0500 07000000                   # FWMARK = 7
                28000280                               # DEST, 40 bytes: the identity only
                  1400 0100 20010db8000000000000000000000008   # ADDR
                  0600 0200 0000 0000                  # PORT = 0
                  0600 0b00 0a00 0000                  # ADDR_FAMILY = 10
                """), bytes(IpvsRequests.of(FAMILY, new IpvsOperation.DeleteDestination(fwm, d))));
    }

    @Test
    void setTimeoutsSendsOnlyTheOnesToChange() {
        NetlinkConnection.Request r = IpvsRequests.request(FAMILY, "--set 900 0 300", IpvsUapi.CMD_SET_CONFIG,
                w -> KernelSettingsCodec.writeTimeouts(w, new Timeouts(900, 0, 300)));
        assertEquals(hex("""
                24000000 2000 0500 01000000 00000000   # 36 bytes
                0c010000                               # cmd 12 SET_CONFIG
                0800 0400 84030000                     # TIMEOUT_TCP = 900
                0800 0600 2c010000                     # TIMEOUT_UDP = 300 (TCP_FIN, 0, is not sent)
                """), bytes(r));
    }
}
