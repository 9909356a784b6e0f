/**
 * Value types every box shares: IP literals (parsed strictly, never resolved), prefixes, host:port, protocols, address families and IPVS service keys.
 */
package io.ipvsdirector.net;
