/**
 * The IPVS generic-netlink client: typed services, destinations, statistics, the sync daemon and timeouts.
 */
package io.ipvsdirector.kernel.ipvs;
