package io.ipvsdirector.kernel.ipvs;

import static io.ipvsdirector.kernel.ipvs.IpvsUapi.SVC_ATTR_ADDR;
import static io.ipvsdirector.kernel.ipvs.IpvsUapi.SVC_ATTR_AF;
import static io.ipvsdirector.kernel.ipvs.IpvsUapi.SVC_ATTR_FLAGS;
import static io.ipvsdirector.kernel.ipvs.IpvsUapi.SVC_ATTR_FWMARK;
import static io.ipvsdirector.kernel.ipvs.IpvsUapi.SVC_ATTR_NETMASK;
import static io.ipvsdirector.kernel.ipvs.IpvsUapi.SVC_ATTR_PE_NAME;
import static io.ipvsdirector.kernel.ipvs.IpvsUapi.SVC_ATTR_PORT;
import static io.ipvsdirector.kernel.ipvs.IpvsUapi.SVC_ATTR_PROTOCOL;
import static io.ipvsdirector.kernel.ipvs.IpvsUapi.SVC_ATTR_SCHED_NAME;
import static io.ipvsdirector.kernel.ipvs.IpvsUapi.SVC_ATTR_STATS;
import static io.ipvsdirector.kernel.ipvs.IpvsUapi.SVC_ATTR_STATS64;
import static io.ipvsdirector.kernel.ipvs.IpvsUapi.SVC_ATTR_TIMEOUT;

import io.ipvsdirector.kernel.netlink.Attributes;
import io.ipvsdirector.kernel.netlink.MessageWriter;
import io.ipvsdirector.net.AddressFamily;
import io.ipvsdirector.net.InetAddresses;
import io.ipvsdirector.net.Protocol;
import io.ipvsdirector.net.ServiceKey;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Optional;

/**
 * Wire form of a service, nested in IPVS_CMD_ATTR_SERVICE. The identity is AF plus FWMARK, or
 * PROTOCOL, ADDR and PORT (network order). NEW and SET need all of SCHED_NAME, FLAGS, TIMEOUT and
 * NETMASK; FLAGS is struct ip_vs_flags {flags, mask}, sent with a full mask so that the kernel takes
 * exactly these flags. An IPv4 NETMASK is a __be32 mask, an IPv6 one a host-order prefix length.
 */
final class ServiceCodec {
    private static final int ALL_FLAGS = ~0;

    private ServiceCodec() {
    }

    /** The nested service attribute with the identity only (delete, get destinations). */
    static void writeKey(MessageWriter w, int type, ServiceKey key) {
        w.nested(type, () -> key(w, key));
    }

    /** The nested service attribute with everything NEW_SERVICE and SET_SERVICE need. */
    static void write(MessageWriter w, int type, Service s) {
        w.nested(type, () -> settings(w, s));
    }

    /** A service as a dump reports it, counters included (for tests and fakes of the kernel). */
    static void writeEntry(MessageWriter w, int type, ServiceEntry e) {
        w.nested(type, () -> {
            settings(w, e.service());
            StatsCodec.write32(w, SVC_ATTR_STATS, e.stats());
            StatsCodec.write64(w, SVC_ATTR_STATS64, e.stats64());
        });
    }

    private static void key(MessageWriter w, ServiceKey key) {
        w.attrU16(SVC_ATTR_AF, key.family().af());
        if (key.isFwmark()) {
            w.attrU32(SVC_ATTR_FWMARK, key.fwmark());
        } else {
            w.attrU16(SVC_ATTR_PROTOCOL, key.protocol().number());
            w.attrBytes(SVC_ATTR_ADDR, key.address().getAddress());
            w.attrU16Network(SVC_ATTR_PORT, key.port());
        }
    }

    private static void settings(MessageWriter w, Service s) {
        key(w, s.key());
        w.attrString(SVC_ATTR_SCHED_NAME, s.scheduler());
        w.attrBytes(SVC_ATTR_FLAGS, ByteBuffer.allocate(8).order(ByteOrder.nativeOrder())
                .putInt(ServiceFlag.toBits(s.flags())).putInt(ALL_FLAGS).array());
        w.attrU32(SVC_ATTR_TIMEOUT, s.timeout());
        if (s.key().family() == AddressFamily.IPV4) {
            w.attrU32Network(SVC_ATTR_NETMASK, s.netmask());
        } else {
            w.attrU32(SVC_ATTR_NETMASK, s.netmask());
        }
        s.persistenceEngine().ifPresent(pe -> w.attrString(SVC_ATTR_PE_NAME, pe));
    }

    static ServiceKey readKey(Attributes a) {
        AddressFamily family = AddressFamily.ofAf(a.u16(SVC_ATTR_AF));
        if (a.has(SVC_ATTR_FWMARK) && a.u32(SVC_ATTR_FWMARK) != 0) {
            return ServiceKey.ofFwmark(family, a.u32(SVC_ATTR_FWMARK));
        }
        byte[] address = Arrays.copyOf(a.bytes(SVC_ATTR_ADDR), family.bytes());
        return ServiceKey.of(Protocol.ofNumber(a.u16(SVC_ATTR_PROTOCOL)), InetAddresses.fromBytes(address),
                a.u16Network(SVC_ATTR_PORT));
    }

    static Service read(Attributes a) {
        ServiceKey key = readKey(a);
        ByteBuffer flags = ByteBuffer.wrap(a.bytes(SVC_ATTR_FLAGS)).order(ByteOrder.nativeOrder());
        int bits = flags.getInt(0) & flags.getInt(4);
        int netmask = key.family() == AddressFamily.IPV4 ? a.u32Network(SVC_ATTR_NETMASK) : a.u32(SVC_ATTR_NETMASK);
        Optional<String> pe = a.has(SVC_ATTR_PE_NAME) ? Optional.of(a.string(SVC_ATTR_PE_NAME)).filter(s -> !s.isEmpty())
                : Optional.empty();
        return new Service(key, a.string(SVC_ATTR_SCHED_NAME), ServiceFlag.fromBits(bits), a.u32(SVC_ATTR_TIMEOUT),
                netmask, pe);
    }

    static ServiceEntry readEntry(Attributes a) {
        return new ServiceEntry(read(a), StatsCodec.read(a, SVC_ATTR_STATS), StatsCodec.read(a, SVC_ATTR_STATS64));
    }
}
