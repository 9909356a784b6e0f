/**
 * Sockets made for health probes through jnr-ffi, where the JDK's cannot do the job: ICMP echo
 * (one socket per address family and path) and TCP connects carrying a source address, an
 * interface binding (SO_BINDTODEVICE) and a firewall mark (SO_MARK).
 */
package io.ipvsdirector.kernel.probe;
