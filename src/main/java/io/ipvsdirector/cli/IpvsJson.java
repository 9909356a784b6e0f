package io.ipvsdirector.cli;

import io.ipvsdirector.kernel.ipvs.Destination;
import io.ipvsdirector.kernel.ipvs.DestinationEntry;
import io.ipvsdirector.kernel.ipvs.IpvsInfo;
import io.ipvsdirector.kernel.ipvs.IpvsSnapshot;
import io.ipvsdirector.kernel.ipvs.IpvsadmWords;
import io.ipvsdirector.kernel.ipvs.Service;
import io.ipvsdirector.kernel.ipvs.ServiceFlag;
import io.ipvsdirector.kernel.ipvs.Stats;
import io.ipvsdirector.net.AddressFamily;
import io.ipvsdirector.net.InetAddresses;
import io.ipvsdirector.net.ServiceKey;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The table as JSON, in the configuration's words where it has them (protocol, forwarding nat/dr/tun,
 * scheduler_flags, persistence). An IPv4 netmask is dotted text, an IPv6 one a prefix length; both
 * are what the configuration accepts. Counters only with --stats. Same order as the text listing.
 */
final class IpvsJson {
    private IpvsJson() {
    }

    static JsonObject of(IpvsInfo info, IpvsSnapshot table, boolean stats) {
        JsonArray services = new JsonArray();
        for (IpvsSnapshot.Entry e : IpvsText.sorted(table)) {
            JsonObject s = service(e.service().service());
            if (stats) {
                s.put("stats", stats(e.service().stats64()));
            }
            JsonArray dests = new JsonArray();
            e.destinations().stream().sorted(IpvsText.DESTINATION_ORDER).forEach(d -> dests.add(destination(d, stats)));
            services.add(s.put("destinations", dests));
        }
        return new JsonObject().put("version", info.versionText()).put("connection_table_size", info.connectionTableSize())
                .put("services", services);
    }

    static JsonObject service(Service s) {
        ServiceKey k = s.key();
        JsonObject o = new JsonObject().put("family", k.family().toString());
        if (k.isFwmark()) {
            o.put("fwmark", Integer.toUnsignedLong(k.fwmark()));
        } else {
            o.put("protocol", k.protocol().toString()).put("address", InetAddresses.toText(k.address())).put("port", k.port());
        }
        o.put("scheduler", s.scheduler());
        JsonArray flags = new JsonArray();
        ServiceFlag.schedulerFlagNames(s.scheduler(), s.flags()).forEach(flags::add);
        if (s.flags().contains(ServiceFlag.ONE_PACKET)) {
            flags.add("one-packet");
        }
        o.put("scheduler_flags", flags);
        if (s.persistent()) {
            JsonObject p = new JsonObject().put("timeout", Integer.toUnsignedLong(s.timeout()));
            p.put("netmask", k.family() == AddressFamily.IPV6 ? (Object) s.netmask()
                    : IpvsadmWords.netmask(s).orElse("255.255.255.255"));
            s.persistenceEngine().ifPresent(pe -> p.put("engine", pe));
            o.put("persistence", p);
        } else {
            s.persistenceEngine().ifPresent(pe -> o.put("persistence", new JsonObject().put("engine", pe)));
        }
        return o;
    }

    static JsonObject destination(DestinationEntry e, boolean stats) {
        Destination d = e.destination();
        JsonObject o = new JsonObject().put("address", InetAddresses.toText(d.address())).put("family", d.family().toString())
                .put("port", d.port()).put("forwarding", d.forwarding().word());
        d.tunnel().ifPresent(t -> {
            JsonObject tunnel = new JsonObject().put("type", t.type().word());
            if (t.port() != 0) {
                tunnel.put("port", t.port());
            }
            o.put("tunnel", tunnel.put("checksum", t.checksum().word()));
        });
        o.put("weight", d.weight())
                .put("upper_threshold", Integer.toUnsignedLong(d.upperThreshold()))
                .put("lower_threshold", Integer.toUnsignedLong(d.lowerThreshold()))
                .put("active_connections", Integer.toUnsignedLong(e.activeConnections()))
                .put("inactive_connections", Integer.toUnsignedLong(e.inactiveConnections()))
                .put("persistent_connections", Integer.toUnsignedLong(e.persistentConnections()));
        if (stats) {
            o.put("stats", stats(e.stats64()));
        }
        return o;
    }

    static JsonObject stats(Stats s) {
        return new JsonObject().put("connections", s.connections()).put("in_packets", s.inPackets())
                .put("out_packets", s.outPackets()).put("in_bytes", s.inBytes()).put("out_bytes", s.outBytes())
                .put("connection_rate", s.connectionRate()).put("in_packet_rate", s.inPacketRate())
                .put("out_packet_rate", s.outPacketRate()).put("in_byte_rate", s.inByteRate())
                .put("out_byte_rate", s.outByteRate());
    }
}
