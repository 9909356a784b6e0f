/**
 * AF_PACKET and ICMPv6 senders for gratuitous ARP and unsolicited neighbour advertisements.
 */
package io.ipvsdirector.kernel.packet;
