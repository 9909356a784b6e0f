package io.ipvsdirector.keepalived;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** glob(3) for include patterns: wildcards in any path component, matches sorted, as glob() returns them. */
final class Globs {
    private Globs() {
    }

    static List<Path> expand(Path base, String pattern) {
        Path p = Path.of(pattern);
        Path start = p.isAbsolute() ? p.getRoot() : base;
        List<Path> current = List.of(start);
        for (Path part : p) {
            String component = part.toString();
            List<Path> next = new ArrayList<>();
            for (Path dir : current) {
                if (!hasWildcard(component)) {
                    Path candidate = dir.resolve(component);
                    if (Files.exists(candidate)) {
                        next.add(candidate);
                    }
                    continue;
                }
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, component)) {
                    for (Path e : entries) {
                        if (!e.getFileName().toString().startsWith(".") || component.startsWith(".")) {
                            next.add(e);
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // An unreadable directory or a pattern Java cannot take matches nothing, as in glob().
                }
            }
            next.sort(null);
            current = next;
        }
        return current.stream().filter(Files::isRegularFile).toList();
    }

    private static boolean hasWildcard(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0 || s.indexOf('{') >= 0;
    }
}
