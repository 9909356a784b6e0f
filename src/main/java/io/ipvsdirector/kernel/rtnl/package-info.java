/**
 * Routing netlink: interface addresses and links.
 */
package io.ipvsdirector.kernel.rtnl;
