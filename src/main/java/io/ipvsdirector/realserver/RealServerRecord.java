package io.ipvsdirector.realserver;

import io.ipvsdirector.net.IpPrefix;
import io.ipvsdirector.realserver.RealServerPlan.Placement;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a setup changed, so that a teardown undoes exactly that: each setting's value before the
 * first setup touched it, the addresses it added and the links it brought up. Kept as a small JSON
 * file: {@code {"sysctls": {"net/ipv4/conf/all/arp_ignore": "0"}, "addresses": [{"device": "lo",
 * "address": "192.0.2.10/32"}], "links_up": ["tunl0"]}}.
 */
public record RealServerRecord(Map<Sysctl, String> previous, List<Placement> added, List<String> raised) {
    public static final Path DEFAULT_FILE = Path.of("/run/ipvs-director/realserver.json");

    public RealServerRecord {
        previous = Collections.unmodifiableMap(new LinkedHashMap<>(previous));
        added = List.copyOf(added);
        raised = List.copyOf(raised);
    }

    public static RealServerRecord empty() {
        return new RealServerRecord(Map.of(), List.of(), List.of());
    }

    public boolean isEmpty() {
        return previous.isEmpty() && added.isEmpty() && raised.isEmpty();
    }

    /** This record plus a setting's earlier value; an earlier value already recorded is kept. */
    public RealServerRecord withPrevious(Sysctl key, String value) {
        Map<Sysctl, String> p = new LinkedHashMap<>(previous);
        p.putIfAbsent(key, value);
        return new RealServerRecord(p, added, raised);
    }

    public RealServerRecord withAdded(Placement placement) {
        List<Placement> a = new ArrayList<>(added);
        if (!a.contains(placement)) {
            a.add(placement);
        }
        return new RealServerRecord(previous, a, raised);
    }

    public RealServerRecord withRaised(String link) {
        List<String> r = new ArrayList<>(raised);
        if (!r.contains(link)) {
            r.add(link);
        }
        return new RealServerRecord(previous, added, r);
    }

    public JsonObject toJson() {
        JsonObject sysctls = new JsonObject();
        previous.forEach((k, v) -> sysctls.put(k.path(), v));
        JsonArray addresses = new JsonArray();
        added.forEach(p -> addresses.add(new JsonObject().put("device", p.device()).put("address", p.vip().toString())));
        return new JsonObject().put("sysctls", sysctls).put("addresses", addresses).put("links_up", new JsonArray(raised));
    }

    public static RealServerRecord fromJson(JsonObject o) {
        Map<Sysctl, String> p = new LinkedHashMap<>();
        o.getJsonObject("sysctls", new JsonObject()).forEach(e -> p.put(Sysctl.ofPath(e.getKey()), e.getValue().toString()));
        List<Placement> a = new ArrayList<>();
        for (Object x : o.getJsonArray("addresses", new JsonArray())) {
            JsonObject j = (JsonObject) x;
            a.add(new Placement(j.getString("device"), IpPrefix.parse(j.getString("address"))));
        }
        List<String> r = new ArrayList<>();
        o.getJsonArray("links_up", new JsonArray()).forEach(x -> r.add(x.toString()));
        return new RealServerRecord(p, a, r);
    }

    /** The record in {@code file}; empty when there is none. */
    public static Optional<RealServerRecord> load(Path file) throws IOException {
        try {
            return Optional.of(fromJson(new JsonObject(Files.readString(file))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (DecodeException | ClassCastException | IllegalArgumentException | NullPointerException e) {
            throw new IOException(file + " is not a record of a setup: " + e.getMessage(), e);
        }
    }

    /** Writes the record (through a temporary file and a rename), or deletes the file when empty. */
    public void save(Path file) throws IOException {
        if (isEmpty()) {
            Files.deleteIfExists(file);
            return;
        }
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, toJson().encodePrettily() + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
}
