package io.ipvsdirector.cluster;

/**
 * What one director says about itself, replicated to its peers (Hazelcast and the beacon).
 *
 * @param name          its configured node name: who it is, in the cluster and across restarts
 * @param priority      1..254; the highest eligible director is ACTIVE
 * @param role          its current role
 * @param epoch         the fencing token of its current or last ACTIVE term (0: never ACTIVE)
 * @param preemptReady  it may take ACTIVE from a lower-priority director: preempt is on and it has
 *                      been eligible for preempt_delay
 * @param version       grows with every change of its run (which of two copies is newer is told by
 *                      the message's stamp, which survives restarts)
 * @param reason        why it is in its role (for FAULT: what failed), for operators
 */
public record NodeState(String name, int priority, Role role, long epoch, boolean preemptReady,
                        long version, String reason) {

    /** STANDBY or ACTIVE: may be elected. */
    public boolean eligible() {
        return role == Role.STANDBY || role == Role.ACTIVE;
    }

    public NodeState with(Role newRole, long newEpoch, boolean newPreemptReady, String newReason) {
        return new NodeState(name, priority, newRole, newEpoch, newPreemptReady, version + 1, newReason);
    }

    @Override
    public String toString() {
        return name + " " + role + " priority " + priority + " epoch " + epoch;
    }
}
