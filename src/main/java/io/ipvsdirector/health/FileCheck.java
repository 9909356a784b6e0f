package io.ipvsdirector.health;

import io.ipvsdirector.config.CheckParams;
import io.ipvsdirector.net.InetAddresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * file: a file another tool writes decides. Its content is "up", "down", "drain" or a weight
 * (0..65535); "{address}" and "{port}" in the path name the target. A file named after the target
 * ("ADDRESS" or "ADDRESS:PORT", "[V6]:PORT" for IPv6) in the maintenance directory forces it down,
 * as ldirectord's maintenancedir does. Files are read on a worker thread.
 */
final class FileCheck implements Check {
    static final int MAX_WEIGHT = 65535;
    private static final int MAX_BYTES = 256;

    private final Vertx vertx;

    FileCheck(Vertx vertx) {
        this.vertx = vertx;
    }

    @Override
    public Future<ProbeResult> probe(ProbeTarget target) {
        long start = System.nanoTime();
        CheckParams.File params = (CheckParams.File) target.spec().params();
        return vertx.executeBlocking(() -> judge(target, params, start), false);
    }

    private static ProbeResult judge(ProbeTarget target, CheckParams.File params, long start) {
        if (params.maintenanceDir().isPresent()) {
            Path dir = params.maintenanceDir().get();
            for (String name : new String[] {target.addressText(), InetAddresses.toText(target.address(), target.port())}) {
                if (Files.exists(dir.resolve(name))) {
                    return ProbeResult.down("in maintenance (" + dir.resolve(name) + ")", start);
                }
            }
        }
        if (params.path().isEmpty()) {
            return ProbeResult.up("not in maintenance", start);
        }
        Path file = Path.of(params.path().get().replace("{address}", target.addressText())
                .replace("{port}", Integer.toString(target.port())));
        String content;
        try {
            byte[] bytes = Files.readAllBytes(file);
            content = new String(bytes, 0, Math.min(bytes.length, MAX_BYTES), StandardCharsets.UTF_8)
                    .trim().toLowerCase(Locale.ROOT);
        } catch (NoSuchFileException e) {
            return ProbeResult.down(file + " does not exist", start);
        } catch (IOException e) {
            return ProbeResult.down("cannot read " + file + ": " + e.getMessage(), start);
        }
        switch (content) {
            case "up":
                return ProbeResult.up(file + " says up", start);
            case "down":
                return ProbeResult.down(file + " says down", start);
            case "drain":
                return ProbeResult.drain(file + " says drain", start);
            default:
                break;
        }
        if (content.matches("\\d{1,5}") && Integer.parseInt(content) <= MAX_WEIGHT) {
            return ProbeResult.upWithWeight(file + " says weight " + content, start, Integer.parseInt(content));
        }
        String shown = content.length() > 40 ? content.substring(0, 40) + "..." : content;
        return ProbeResult.down(file + " holds '" + shown + "', not up, down, drain or a weight 0.." + MAX_WEIGHT, start);
    }
}
