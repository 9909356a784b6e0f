package io.ipvsdirector.cluster;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Everything the election reads, at one instant: this director, the peers it hears, and what it
 * knows of its own situation. Built by {@link RoleMachine}, read by {@link ElectionRules}.
 *
 * @param self            this director's state
 * @param live            the peers alive now (verified, configured, fresh)
 * @param recentlyActive  live peers plus ACTIVE peers silent for less than twice their timeout
 * @param seen            every peer state still remembered (for the next epoch)
 * @param fault           why this director is not eligible (trackers, configuration), or empty
 * @param witness         the cluster has a witness: only a majority side may own the VIPs
 * @param clusterSize     members plus the witness
 * @param majority        this director and its live peers are more than half of the cluster
 * @param wasMinority     the last decision found this side a minority
 * @param handedOverTo    the peer this director released the VIPs to moments ago, if any
 * @param sightings       the ACTIVE each live peer says it sees (with a witness, a majority it lends)
 * @param starting        live peers that turned STARTING moments ago (two timeouts at most)
 */
record ElectionView(NodeState self, List<NodeState> live, List<NodeState> recentlyActive, Collection<NodeState> seen,
                    Optional<String> fault, boolean witness, int clusterSize, boolean majority, boolean wasMinority,
                    Optional<String> handedOverTo, List<ClusterMessage.Sighting> sightings,
                    List<NodeState> starting) {

    List<NodeState> candidates() {
        List<NodeState> out = new java.util.ArrayList<>(live);
        out.add(self);
        return out;
    }
}
