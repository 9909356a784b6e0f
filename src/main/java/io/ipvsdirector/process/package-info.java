/**
 * Programs the director starts (exec checks, notify scripts): as which user, and with which
 * privileges.
 */
package io.ipvsdirector.process;
