package io.ipvsdirector.kernel.netlink;

/** A generic netlink family as the controller reports it: the message type its requests use. */
public record GenlFamily(String name, int id, int version) {
}
