package io.ipvsdirector.kernel.ipvs;

import static io.ipvsdirector.kernel.ipvs.IpvsUapi.CMD_ATTR_DAEMON;
import static io.ipvsdirector.kernel.ipvs.IpvsUapi.CMD_ATTR_DEST;
import static io.ipvsdirector.kernel.ipvs.IpvsUapi.CMD_ATTR_SERVICE;

import io.ipvsdirector.kernel.netlink.GenericNetlink;
import io.ipvsdirector.kernel.netlink.GenlFamily;
import io.ipvsdirector.kernel.netlink.ModuleLoader;
import io.ipvsdirector.kernel.netlink.Netlink;
import io.ipvsdirector.kernel.netlink.NetlinkConnection;
import io.ipvsdirector.kernel.netlink.NetlinkConnection.Request;
import io.ipvsdirector.kernel.netlink.NetlinkException;
import io.ipvsdirector.kernel.netlink.NetlinkSocket;
import io.ipvsdirector.net.ServiceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link IpvsTable} over the kernel's IPVS generic netlink family. Builds each request from the
 * codecs and leaves framing, acknowledgements and dumps to {@link NetlinkConnection}; confined, like
 * the connection, to the thread that opened it.
 */
public final class NetlinkIpvsTable implements IpvsTable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NetlinkIpvsTable.class);
    /** Room for the error replies of a whole batch; granted beyond rmem_max only with CAP_NET_ADMIN. */
    private static final int RECEIVE_BUFFER = 1 << 20;

    private final NetlinkConnection connection;
    private final GenlFamily family;

    NetlinkIpvsTable(NetlinkConnection connection, GenlFamily family) {
        this.connection = connection;
        this.family = family;
    }

    /**
     * Opens a generic netlink socket and resolves the IPVS family. When the kernel has none, asks
     * {@code modules} to load ip_vs once and tries again; then gives up with
     * {@link IpvsUnavailableException}.
     */
    public static NetlinkIpvsTable open(ModuleLoader modules) throws NetlinkException {
        NetlinkSocket socket = NetlinkSocket.open(Netlink.NETLINK_GENERIC);
        try {
            socket.setReceiveBufferSize(RECEIVE_BUFFER);
            NetlinkConnection connection = new NetlinkConnection(socket);
            return new NetlinkIpvsTable(connection, resolve(connection, modules));
        } catch (NetlinkException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** The IPVS family, loading ip_vs at most once. */
    static GenlFamily resolve(NetlinkConnection connection, ModuleLoader modules) throws NetlinkException {
        Optional<GenlFamily> family = GenericNetlink.family(connection, IpvsUapi.GENL_NAME);
        if (family.isEmpty()) {
            boolean loaded = modules.load("ip_vs");
            LOG.debug("IPVS family missing; modprobe ip_vs {}", loaded ? "succeeded" : "failed");
            family = GenericNetlink.family(connection, IpvsUapi.GENL_NAME);
        }
        return family.orElseThrow(IpvsUnavailableException::new);
    }

    @Override
    public List<ServiceEntry> services() throws NetlinkException {
        return connection.dump(request("list IPVS services", IpvsUapi.CMD_GET_SERVICE, w -> { }),
                m -> ServiceCodec.readEntry(GenericNetlink.attributes(m).nested(CMD_ATTR_SERVICE)));
    }

    @Override
    public List<DestinationEntry> destinations(ServiceKey service) throws NetlinkException {
        return connection.dump(request("list destinations of " + IpvsadmWords.serviceKey(service), IpvsUapi.CMD_GET_DEST,
                        w -> ServiceCodec.writeKey(w, CMD_ATTR_SERVICE, service)),
                m -> DestinationCodec.readEntry(GenericNetlink.attributes(m).nested(CMD_ATTR_DEST), service.family()));
    }

    @Override
    public List<OperationResult> apply(List<IpvsOperation> operations) throws NetlinkException {
        List<Request> requests = new ArrayList<>(operations.size());
        for (IpvsOperation op : operations) {
            requests.add(IpvsRequests.of(family.id(), op));
        }
        NetlinkException[] errors = connection.batch(requests);
        List<OperationResult> out = new ArrayList<>(operations.size());
        for (int i = 0; i < errors.length; i++) {
            out.add(new OperationResult(operations.get(i), Optional.ofNullable(errors[i])));
        }
        return out;
    }

    @Override
    public List<SyncDaemon> syncDaemons() throws NetlinkException {
        return connection.dump(request("list IPVS sync daemons", IpvsUapi.CMD_GET_DAEMON, w -> { }),
                m -> SyncDaemonCodec.read(GenericNetlink.attributes(m).nested(CMD_ATTR_DAEMON)));
    }

    @Override
    public void startSyncDaemon(SyncDaemon daemon) throws NetlinkException {
        connection.execute(request("start IPVS sync daemon " + daemon.state().name().toLowerCase(java.util.Locale.ROOT)
                + " on " + daemon.interfaceName(), IpvsUapi.CMD_NEW_DAEMON, w -> SyncDaemonCodec.write(w, CMD_ATTR_DAEMON, daemon)));
    }

    @Override
    public void stopSyncDaemon(SyncDaemon.State state) throws NetlinkException {
        connection.execute(request("stop IPVS sync daemon " + state.name().toLowerCase(java.util.Locale.ROOT),
                IpvsUapi.CMD_DEL_DAEMON, w -> SyncDaemonCodec.writeState(w, CMD_ATTR_DAEMON, state)));
    }

    @Override
    public Timeouts timeouts() throws NetlinkException {
        return connection.get(request("read IPVS timeouts", IpvsUapi.CMD_GET_CONFIG, w -> { }),
                m -> KernelSettingsCodec.readTimeouts(GenericNetlink.attributes(m))).get(0);
    }

    @Override
    public void setTimeouts(Timeouts timeouts) throws NetlinkException {
        connection.execute(request("--set " + timeouts.tcp() + " " + timeouts.tcpFin() + " " + timeouts.udp(),
                IpvsUapi.CMD_SET_CONFIG, w -> KernelSettingsCodec.writeTimeouts(w, timeouts)));
    }

    @Override
    public IpvsInfo info() throws NetlinkException {
        return connection.get(request("read IPVS version", IpvsUapi.CMD_GET_INFO, w -> { }),
                m -> KernelSettingsCodec.readInfo(GenericNetlink.attributes(m))).get(0);
    }

    private Request request(String what, int command, NetlinkConnection.Payload attributes) {
        return IpvsRequests.request(family.id(), what, command, attributes);
    }

    @Override
    public void close() {
        connection.close();
    }
}
