package io.ipvsdirector.cluster;

/** A change of this director's role in one election group, for the log, the event stream and the status API. */
public record RoleChange(NodeState state, Role previous, String reason, String group) {
}
