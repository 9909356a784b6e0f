package io.ipvsdirector.systemd;

/** The notify protocol's messages: newline-separated VAR=VALUE assignments in one datagram. */
public final class NotifyMessage {
    private NotifyMessage() {
    }

    public static String ready(String status) {
        return "READY=1\n" + status(status);
    }

    /** {@code monotonicMicros}: CLOCK_MONOTONIC now, which systemd 253+ needs to pair the reload with its READY=1. */
    public static String reloading(long monotonicMicros, String status) {
        return "RELOADING=1\nMONOTONIC_USEC=" + monotonicMicros + "\n" + status(status);
    }

    public static String stopping() {
        return "STOPPING=1\nSTATUS=stopping";
    }

    public static String watchdog() {
        return "WATCHDOG=1";
    }

    /** One line: systemctl status shows it, and a newline would end the assignment. */
    public static String status(String text) {
        return "STATUS=" + text.replaceAll("[\\r\\n]+", " ").strip();
    }
}
