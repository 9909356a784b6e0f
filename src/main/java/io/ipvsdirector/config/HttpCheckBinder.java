package io.ipvsdirector.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The options of http and https checks. */
final class HttpCheckBinder {
    static final int DEFAULT_MAX_BODY = 64 * 1024;

    private HttpCheckBinder() {
    }

    static CheckParams.Http bind(Section s, boolean https, Path baseDir) {
        String method = s.choice("method", List.of("GET", "HEAD"), "method", "GET");
        String path = s.string("path", "/");
        if (!path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ')) {
            s.problem("path", "must start with / and contain no spaces, got '" + path + "'");
        }
        Optional<String> host = s.optString("host");
        List<CheckParams.StatusRange> status = status(s);
        Optional<String> regex = s.optString("body_regex");
        regex.ifPresent(r -> {
            try {
                Pattern.compile(r);
            } catch (PatternSyntaxException e) {
                s.problem("body_regex", "is not a valid regular expression: " + e.getDescription() + " near index " + e.getIndex());
            }
        });
        Optional<CheckParams.Digest> digest = s.parsed("digest", HttpCheckBinder::digest);
        int maxBody = s.integer("max_body", 0, 16 * 1024 * 1024, DEFAULT_MAX_BODY);
        if (method.equals("HEAD") && (regex.isPresent() || digest.isPresent())) {
            s.problem("method", "a HEAD request gets no body for body_regex or digest to match; use GET");
        }
        Optional<CheckParams.Tls> tls = https ? Optional.of(tls(s, baseDir)) : Optional.empty();
        return new CheckParams.Http(method, path, host, status, regex, digest, maxBody, tls);
    }

    /** The TLS keys of https and of smtp with starttls. */
    static CheckParams.Tls tls(Section s, Path baseDir) {
        Optional<Path> cert = s.optString("client_cert").map(baseDir::resolve);
        Optional<Path> key = s.optString("client_key").map(baseDir::resolve);
        if (cert.isPresent() != key.isPresent()) {
            s.problem(cert.isPresent() ? "client_cert" : "client_key", "client_cert and client_key go together");
        }
        return new CheckParams.Tls(s.optString("sni"), s.bool("verify", true),
                s.optString("ca_file").map(baseDir::resolve), cert, key);
    }

    private static List<CheckParams.StatusRange> status(Section s) {
        List<CheckParams.StatusRange> out = new ArrayList<>();
        if (!s.has("status")) {
            out.add(new CheckParams.StatusRange(200, 299));
            return out;
        }
        for (Section.Item item : s.list("status")) {
            String text = String.valueOf(item.value());
            try {
                out.add(statusRange(text));
            } catch (IllegalArgumentException e) {
                s.problems().add(item.path(), e.getMessage());
            }
        }
        if (out.isEmpty() && s.problems().isEmpty()) {
            s.problem("status", "must list at least one status code or range");
        }
        return out;
    }

    static CheckParams.StatusRange statusRange(String text) {
        String t = text.trim();
        String[] parts = t.split("-", -1);
        if (parts.length > 2 || !t.matches("\\d{3}(-\\d{3})?")) {
            throw new IllegalArgumentException("'" + text + "' is not a status code or range (200, 200-299)");
        }
        int from = Integer.parseInt(parts[0]);
        int to = parts.length == 2 ? Integer.parseInt(parts[1]) : from;
        if (from < 100 || to > 599 || from > to) {
            throw new IllegalArgumentException("'" + text + "' is not a status code or range within 100-599");
        }
        return new CheckParams.StatusRange(from, to);
    }

    static CheckParams.Digest digest(String text) {
        int colon = text.indexOf(':');
        String algorithm = colon < 0 ? "" : text.substring(0, colon).toLowerCase();
        String hex = colon < 0 ? "" : text.substring(colon + 1).toLowerCase();
        int length = switch (algorithm) {
            case "sha256" -> 64;
            case "md5" -> 32;
            default -> -1;
        };
        if (length < 0 || !hex.matches("[0-9a-f]{" + length + "}")) {
            throw new IllegalArgumentException("'" + text + "' is not sha256:<64 hex digits> or md5:<32 hex digits>");
        }
        return new CheckParams.Digest(algorithm, hex);
    }
}
