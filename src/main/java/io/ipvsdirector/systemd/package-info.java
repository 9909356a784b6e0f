/**
 * The service manager's side of the daemon: systemd's notify protocol (readiness, status, reload,
 * stop) and its watchdog, spoken over {@code $NOTIFY_SOCKET}. Outside systemd it does nothing.
 */
package io.ipvsdirector.systemd;
