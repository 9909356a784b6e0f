package io.ipvsdirector.health;

import io.netty.channel.ConnectTimeoutException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.nio.channels.ClosedChannelException;
import javax.net.ssl.SSLException;

/** Turns the exceptions of socket and TLS libraries into the short reasons an operator reads. */
final class Failures {
    private Failures() {
    }

    /** "connect refused", "connect timeout 500ms", "TLS handshake: PKIX path building failed", ... */
    static String reason(String phase, Throwable error, long timeoutMillis) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root && !(root instanceof SSLException)) {
            root = root.getCause();
        }
        String message = String.valueOf(root.getMessage());
        if (root instanceof ConnectTimeoutException || message.startsWith("connection timed out")) {
            return "connect timeout " + timeoutMillis + "ms";
        }
        if (root instanceof ConnectException || message.contains("Connection refused")) {
            return message.contains("refused") ? "connect refused" : "connect: " + firstLine(message);
        }
        if (root instanceof NoRouteToHostException) {
            return "connect: no route to host";
        }
        if (root instanceof PortUnreachableException) {
            return "icmp port unreachable";
        }
        if (root instanceof SSLException) {
            return "TLS handshake: " + firstLine(message);
        }
        if (root instanceof ClosedChannelException || message.contains("Connection reset")) {
            return phase + ": connection " + (message.contains("reset") ? "reset" : "closed") + " by server";
        }
        if (message.contains("closed") || message.contains("Connection was closed")) {
            return phase + ": connection closed by server";
        }
        return phase + ": " + firstLine(message);
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        // Library messages often end with the peer address, which the log line already names.
        int slash = line.indexOf(": /");
        return slash > 0 ? line.substring(0, slash) : line;
    }
}
