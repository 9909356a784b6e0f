package io.ipvsdirector.kernel.ipvs;

import static io.ipvsdirector.kernel.ipvs.IpvsUapi.CMD_ATTR_DEST;
import static io.ipvsdirector.kernel.ipvs.IpvsUapi.CMD_ATTR_SERVICE;

import io.ipvsdirector.kernel.netlink.GenericNetlink;
import io.ipvsdirector.kernel.netlink.NetlinkConnection;
import io.ipvsdirector.kernel.netlink.NetlinkConnection.Request;

/** The netlink request of each {@link IpvsOperation}: its command and attributes. */
final class IpvsRequests {
    private IpvsRequests() {
    }

    static Request request(int familyId, String what, int command, NetlinkConnection.Payload attributes) {
        return new Request(what, familyId, 0, w -> {
            GenericNetlink.header(w, command, IpvsUapi.GENL_VERSION);
            attributes.write(w);
        });
    }

    static Request of(int familyId, IpvsOperation op) {
        String what = op.ipvsadm();
        if (op instanceof IpvsOperation.CreateService c) {
            return request(familyId, what, IpvsUapi.CMD_NEW_SERVICE, w -> ServiceCodec.write(w, CMD_ATTR_SERVICE, c.service()));
        }
        if (op instanceof IpvsOperation.UpdateService u) {
            return request(familyId, what, IpvsUapi.CMD_SET_SERVICE, w -> ServiceCodec.write(w, CMD_ATTR_SERVICE, u.service()));
        }
        if (op instanceof IpvsOperation.DeleteService) {
            return request(familyId, what, IpvsUapi.CMD_DEL_SERVICE, w -> ServiceCodec.writeKey(w, CMD_ATTR_SERVICE, op.serviceKey()));
        }
        if (op instanceof IpvsOperation.CreateDestination c) {
            return request(familyId, what, IpvsUapi.CMD_NEW_DEST, w -> {
                ServiceCodec.writeKey(w, CMD_ATTR_SERVICE, op.serviceKey());
                DestinationCodec.write(w, CMD_ATTR_DEST, c.destination());
            });
        }
        if (op instanceof IpvsOperation.UpdateDestination u) {
            return request(familyId, what, IpvsUapi.CMD_SET_DEST, w -> {
                ServiceCodec.writeKey(w, CMD_ATTR_SERVICE, op.serviceKey());
                DestinationCodec.write(w, CMD_ATTR_DEST, u.destination());
            });
        }
        IpvsOperation.DeleteDestination d = (IpvsOperation.DeleteDestination) op;
        return request(familyId, what, IpvsUapi.CMD_DEL_DEST, w -> {
            ServiceCodec.writeKey(w, CMD_ATTR_SERVICE, op.serviceKey());
            DestinationCodec.writeKey(w, CMD_ATTR_DEST, d.destination());
        });
    }
}
