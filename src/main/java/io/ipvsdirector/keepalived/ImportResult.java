package io.ipvsdirector.keepalived;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What {@code import-keepalived} produced: valid YAML and the findings, in order. */
public record ImportResult(String yaml, List<Finding> findings, int virtualServers, int realServers, int vips) {
    /**
     * Converts {@code file} and checks the result with the product's own loader, as if it were {@code output}
     * (relative paths in it are taken from there).
     *
     * @throws IOException when {@code file} cannot be read
     */
    public static ImportResult of(Path file, Optional<String> node, String hostName, Path output) throws IOException {
        Report report = new Report();
        Target.Config converted = KeepalivedImporter.convert(file, node, hostName, report);
        SelfCheck.Checked checked = SelfCheck.check(converted, output, report);
        Target.Config c = checked.config();
        int reals = c.virtualServers().stream().mapToInt(v -> v.realServers().size()).sum();
        List<Finding> sorted = report.findings().stream()
                .sorted(java.util.Comparator.comparing((Finding f) -> f.pos().file()).thenComparingInt(f -> f.pos().line()))
                .toList();
        return new ImportResult(checked.yaml(), sorted, c.virtualServers().size(), reals, VipMerge.vips(c).size());
    }

    public long count(Finding.Kind kind) {
        return findings.stream().filter(f -> f.kind() == kind).count();
    }

    /** True when something was approximated or left out. */
    public boolean lossy() {
        return findings.stream().anyMatch(Finding::counts);
    }
}
