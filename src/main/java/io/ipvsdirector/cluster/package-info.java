/**
 * The director cluster: membership, election with priority, preemption and epochs, liveness, and the role state machine. Pure policy plus Hazelcast.
 */
package io.ipvsdirector.cluster;
