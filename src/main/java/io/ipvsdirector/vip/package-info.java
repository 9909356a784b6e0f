/**
 * VIP ownership: adding and removing the addresses of the ACTIVE director and announcing them with gratuitous ARP and unsolicited neighbour advertisements, through the kernel interfaces only.
 */
package io.ipvsdirector.vip;
