package io.ipvsdirector.reconcile;

import io.ipvsdirector.net.AddressFamily;
import io.ipvsdirector.net.InetAddresses;
import io.ipvsdirector.net.Protocol;
import io.ipvsdirector.net.ServiceKey;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ownership record as a small JSON file (ipvs.state_file):
 * {@code {"services": [{"family": "ipv4", "protocol": "tcp", "address": "192.0.2.10", "port": 80},
 * {"family": "ipv6", "fwmark": 7}]}}. Written to a temporary file and renamed, so a crash never
 * leaves half a record.
 */
public final class OwnershipFile implements OwnershipStore {
    private static final Logger LOG = LoggerFactory.getLogger(OwnershipFile.class);

    private final Path file;

    public OwnershipFile(Path file) {
        this.file = file;
    }

    public Path path() {
        return file;
    }

    @Override
    public Set<ServiceKey> load() {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            return Set.of();
        } catch (IOException e) {
            LOG.warn("ipvs: cannot read the state file {}: {}; services it records are left alone", file, e.getMessage());
            return Set.of();
        }
        try {
            Set<ServiceKey> out = new LinkedHashSet<>();
            for (Object o : new JsonObject(text).getJsonArray("services", new JsonArray())) {
                out.add(key((JsonObject) o));
            }
            return out;
        } catch (DecodeException | ClassCastException | IllegalArgumentException | NullPointerException e) {
            LOG.warn("ipvs: the state file {} is not a valid record ({}); services it records are left alone",
                    file, e.getMessage());
            return Set.of();
        }
    }

    @Override
    public void save(Set<ServiceKey> services) {
        JsonArray list = new JsonArray();
        services.forEach(k -> list.add(json(k)));
        String text = new JsonObject().put("services", list).encodePrettily() + "\n";
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            LOG.warn("ipvs: cannot write the state file {}: {}", file, e.toString());
        }
    }

    static JsonObject json(ServiceKey k) {
        JsonObject o = new JsonObject().put("family", k.family().toString());
        if (k.isFwmark()) {
            return o.put("fwmark", Integer.toUnsignedLong(k.fwmark()));
        }
        return o.put("protocol", k.protocol().toString()).put("address", InetAddresses.toText(k.address()))
                .put("port", k.port());
    }

    static ServiceKey key(JsonObject o) {
        AddressFamily family = AddressFamily.valueOf(o.getString("family").toUpperCase(Locale.ROOT));
        if (o.containsKey("fwmark")) {
            return ServiceKey.ofFwmark(family, (int) o.getLong("fwmark").longValue());
        }
        return ServiceKey.of(Protocol.valueOf(o.getString("protocol").toUpperCase(Locale.ROOT)),
                InetAddresses.parse(o.getString("address")), o.getInteger("port"));
    }
}
