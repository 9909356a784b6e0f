/**
 * The real servers' side of DR and TUN forwarding: the VIP on lo or on the tunnel device, the ARP and
 * reverse-path sysctls, and the record that lets a teardown put everything back.
 */
package io.ipvsdirector.realserver;
