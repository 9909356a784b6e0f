/**
 * ICMP echo (ping) for the ping health check: one socket per address family, unprivileged where
 * net.ipv4.ping_group_range allows, else raw under CAP_NET_RAW.
 */
package io.ipvsdirector.kernel.icmp;
