package io.ipvsdirector.cluster;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks the bytes that travel between directors: {@code v1.<base64 HMAC-SHA256>.<json>},
 * or {@code v1.-.<json>} without a key. The MAC covers a fixed label and the whole JSON text, which
 * names the cluster and the sender. Sealing uses the first key; opening accepts any key of the file,
 * so a key is rotated by adding the new one first on every director, then dropping the old one.
 */
final class MessageSeal {
    private static final String PREFIX = "v1.";
    private static final byte[] LABEL = "ipvs-director cluster message v1\n".getBytes(StandardCharsets.US_ASCII);
    private static final String UNSIGNED = "-";

    /** What opening a sealed message gave: the JSON text, or why it was refused. */
    record Opened(String json, String rejected, boolean signed) {
        boolean ok() {
            return rejected == null;
        }
    }

    private final List<byte[]> keys;

    /** {@code keys}: the key file's keys, the signing key first; empty for an unauthenticated cluster. */
    /** The seal of {@code cluster}: its key file's keys, or none (unsigned) without one. */
    static MessageSeal of(io.ipvsdirector.config.ClusterConfig cluster) {
        if (cluster.keyFile().isEmpty()) {
            return new MessageSeal(List.of());
        }
        try {
            return new MessageSeal(io.ipvsdirector.config.ClusterKeyFile.read(cluster.keyFile().get()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cluster.key_file " + cluster.keyFile().get() + ": " + e.getMessage(), e);
        }
    }

    MessageSeal(List<byte[]> keys) {
        this.keys = List.copyOf(keys);
    }

    boolean keyed() {
        return !keys.isEmpty();
    }

    boolean sameKeys(MessageSeal other) {
        if (other.keys.size() != keys.size()) {
            return false;
        }
        for (int i = 0; i < keys.size(); i++) {
            if (!MessageDigest.isEqual(keys.get(i), other.keys.get(i))) {
                return false;
            }
        }
        return true;
    }

    String seal(String json) {
        String mac = keys.isEmpty() ? UNSIGNED : Base64.getEncoder().withoutPadding().encodeToString(mac(keys.get(0), json));
        return PREFIX + mac + "." + json;
    }

    Opened open(String text) {
        if (!text.startsWith(PREFIX)) {
            return new Opened(null, "malformed", false);
        }
        int dot = text.indexOf('.', PREFIX.length());
        if (dot < 0) {
            return new Opened(null, "malformed", false);
        }
        String mac = text.substring(PREFIX.length(), dot);
        String json = text.substring(dot + 1);
        boolean signed = !mac.equals(UNSIGNED);
        if (keys.isEmpty()) {
            // Signed traffic for a director that has no key: the cluster uses a key this one lacks.
            return signed ? new Opened(null, "signed", true) : new Opened(json, null, false);
        }
        if (!signed) {
            return new Opened(null, "unsigned", false);
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(mac);
        } catch (IllegalArgumentException e) {
            return new Opened(null, "malformed", true);
        }
        for (byte[] key : keys) {
            if (MessageDigest.isEqual(given, mac(key, json))) {
                return new Opened(json, null, true);
            }
        }
        return new Opened(null, "bad_signature", true);
    }

    private static byte[] mac(byte[] key, String json) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(LABEL);
            return mac.doFinal(json.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
