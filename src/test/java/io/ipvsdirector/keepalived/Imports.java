package io.ipvsdirector.keepalived;

import io.ipvsdirector.config.DirectorConfig;
import io.ipvsdirector.config.TestConfigs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Writes keepalived files into a directory and imports the first one; the YAML must load. */
record Imports(ImportResult result, DirectorConfig config) {
    static Imports of(Path dir, String node, String... nameAndText) {
        try {
            for (int i = 0; i < nameAndText.length; i += 2) {
                Path f = dir.resolve(nameAndText[i]);
                Files.createDirectories(f.getParent());
                Files.writeString(f, nameAndText[i + 1]);
            }
            ImportResult r = ImportResult.of(dir.resolve(nameAndText[0]), Optional.ofNullable(node), "host1",
                    dir.resolve("director.yaml"));
            return new Imports(r, TestConfigs.valid(r.yaml()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Imports of(Path dir, String text) {
        return of(dir, null, "keepalived.conf", text);
    }

    /** The finding lines, without the directory. */
    List<String> lines() {
        return result.findings().stream().map(f -> Path.of(f.pos().file()).getFileName() + ":" + f.pos().line() + ": "
                + f.keyword() + ": " + f.message()).toList();
    }

    /** The one finding line about {@code keyword} at {@code line}, or an assertion error listing them all. */
    String finding(int line, String keyword) {
        return lines().stream().filter(l -> l.contains(":" + line + ": " + keyword + ": ")).findFirst()
                .orElseThrow(() -> new AssertionError("no finding for " + keyword + " at line " + line + " in " + lines()));
    }
}
