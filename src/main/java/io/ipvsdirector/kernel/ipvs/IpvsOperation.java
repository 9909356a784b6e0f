package io.ipvsdirector.kernel.ipvs;

import io.ipvsdirector.net.ServiceKey;

/**
 * One change to the IPVS table. A reconcile produces a list of these; {@link IpvsTable#apply}
 * sends them. {@link #ipvsadm()} says it in ipvsadm's words, for logs and for the operator.
 */
public sealed interface IpvsOperation {
    /** The service the operation is about. */
    ServiceKey serviceKey();

    /** ipvsadm's words: "-A -t 192.0.2.10:80 -s wlc", "-e -t 192.0.2.10:80 -r 10.0.1.11:8080 -m -w 20". */
    default String ipvsadm() {
        return IpvsadmWords.of(this);
    }

    record CreateService(Service service) implements IpvsOperation {
        @Override
        public ServiceKey serviceKey() {
            return service.key();
        }
    }

    record UpdateService(Service service) implements IpvsOperation {
        @Override
        public ServiceKey serviceKey() {
            return service.key();
        }
    }

    /** Deleting a service deletes its destinations too. */
    record DeleteService(ServiceKey serviceKey) implements IpvsOperation {
    }

    record CreateDestination(ServiceKey serviceKey, Destination destination) implements IpvsOperation {
    }

    record UpdateDestination(ServiceKey serviceKey, Destination destination) implements IpvsOperation {
    }

    record DeleteDestination(ServiceKey serviceKey, Destination.Key destination) implements IpvsOperation {
    }
}
