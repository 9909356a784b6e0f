/**
 * The ordered event stream (JSON lines) and notify scripts run without a shell, one at a time, with timeouts.
 */
package io.ipvsdirector.notify;
