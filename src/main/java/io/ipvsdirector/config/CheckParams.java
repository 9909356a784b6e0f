package io.ipvsdirector.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The options particular to one check type. Values only: the health package turns them into probes. */
public sealed interface CheckParams {
    /** A short suffix for log lines and summaries, starting with a space, or empty. */
    String describe();

    /** tcp: the connection is accepted. */
    record Tcp() implements CheckParams {
        @Override
        public String describe() {
            return "";
        }
    }

    /** ping: an ICMP echo reply comes back. The check has no options of its own and no port. */
    record Ping() implements CheckParams {
        @Override
        public String describe() {
            return "";
        }
    }

    /**
     * smtp: a 220 greeting, EHLO (HELO when EHLO is refused) with {@code heloName}, with {@code tls}
     * STARTTLS and a second EHLO over TLS, then QUIT.
     *
     * @param heloName the name the probe gives in EHLO/HELO; empty: this host's name
     * @param tls      present when the probe must upgrade with STARTTLS
     */
    record Smtp(Optional<String> heloName, Optional<Tls> tls) implements CheckParams {
        @Override
        public String describe() {
            return heloName.map(h -> " helo " + h).orElse("") + tls.map(t -> " starttls").orElse("");
        }
    }

    /** none: always up. */
    record None() implements CheckParams {
        @Override
        public String describe() {
            return "";
        }
    }

    /**
     * http / https. The whole exchange, body included, must finish within the check's timeout.
     *
     * @param maxBody    bytes of body read at most (the rest is not read; a longer body is not a failure)
     * @param bodyRegex  a regular expression the body must contain a match of
     * @param digest     "sha256:HEX" or "md5:HEX" of the whole body
     * @param tls        present for https
     */
    record Http(String method, String path, Optional<String> host, List<StatusRange> status,
                Optional<String> bodyRegex, Optional<Digest> digest, int maxBody, Optional<Tls> tls)
            implements CheckParams {
        public Http {
            status = List.copyOf(status);
        }

        @Override
        public String describe() {
            return " " + method + " " + path + host.map(h -> " host " + h).orElse("") + " status " + status;
        }
    }

    /** An HTTP status code or an inclusive range of them. */
    record StatusRange(int from, int to) {
        public boolean contains(int code) {
            return code >= from && code <= to;
        }

        @Override
        public String toString() {
            return from == to ? String.valueOf(from) : from + "-" + to;
        }
    }

    /** The expected digest of a body: algorithm "sha256" or "md5", lower-case hex. */
    record Digest(String algorithm, String hex) {
        @Override
        public String toString() {
            return algorithm + ":" + hex;
        }
    }

    /** TLS options of an https check. */
    record Tls(Optional<String> sni, boolean verify, Optional<Path> caFile, Optional<Path> clientCert,
               Optional<Path> clientKey) {
    }

    /**
     * udp: send {@code payload}; an ICMP port unreachable is a failure. With {@code requireReply}, a reply
     * must come within the timeout and, with {@code expect}, start with those bytes ("??" matches any byte).
     */
    record Udp(String payload, Optional<String> expect, boolean requireReply) implements CheckParams {
        @Override
        public String describe() {
            return " payload " + (payload.isEmpty() ? "(empty)" : payload) + expect.map(e -> " expect " + e).orElse("");
        }
    }

    /** dns: the query must get rcode NOERROR, and with {@code expect}, an answer with that value. */
    record Dns(String query, String record, Optional<String> expect) implements CheckParams {
        @Override
        public String describe() {
            return " " + record + " " + query + expect.map(e -> " expect " + e).orElse("");
        }
    }

    /**
     * exec: run {@code command} without a shell. Exit 0 is up, 1 is down; with {@code dynamic}, exit
     * 2..255 is up with weight code − 2. "{address}" and "{port}" in arguments name the real server.
     */
    record Exec(List<String> command, Optional<String> user, boolean dynamic) implements CheckParams {
        public Exec {
            command = List.copyOf(command);
        }

        @Override
        public String describe() {
            return " " + String.join(" ", command);
        }
    }

    /**
     * file: {@code path} holds "up", "down", "drain" or a weight; a file named after the real server
     * ("ADDRESS" or "ADDRESS:PORT") in {@code maintenanceDir} forces it down.
     */
    record File(Optional<String> path, Optional<Path> maintenanceDir) implements CheckParams {
        @Override
        public String describe() {
            return path.map(p -> " " + p).orElse("") + maintenanceDir.map(d -> " maintenance " + d).orElse("");
        }
    }
}
