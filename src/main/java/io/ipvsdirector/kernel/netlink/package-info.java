/**
 * Netlink sockets over jnr-ffi: message and attribute encoding and decoding, dumps, acknowledgements and errno mapping. All netlink I/O runs on one dedicated thread.
 */
package io.ipvsdirector.kernel.netlink;
