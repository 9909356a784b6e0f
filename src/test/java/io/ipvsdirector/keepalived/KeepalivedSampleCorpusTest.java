package io.ipvsdirector.keepalived;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ipvsdirector.config.DirectorConfig;
import io.ipvsdirector.config.TestConfigs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every keepalived configuration of the shared sample corpus (keepalived's own samples and the configurations
 * of its documentation, read from {@code ../shared/keepalived-samples} and never copied here) converts into a
 * configuration the product's loader accepts, and everything it could not carry over exactly is reported
 * with the line it came from.
 */
class KeepalivedSampleCorpusTest {
    static final Path CORPUS = Path.of(System.getProperty("keepalived.samples", "../shared/keepalived-samples"));

    static List<Path> samples() throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> top = Files.list(CORPUS); Stream<Path> extracted = Files.list(CORPUS.resolve("extracted"))) {
            top.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".md")).forEach(out::add);
            extracted.filter(Files::isRegularFile).forEach(out::add);
        }
        out.sort(null);
        return out;
    }

    @Test
    void everySampleConvertsToAValidConfigurationOrReportsWhatItLeftOut() throws IOException {
        assumeTrue(Files.isDirectory(CORPUS), "skipped: no keepalived sample corpus at " + CORPUS.toAbsolutePath()
                + " (set -Dkeepalived.samples=DIR)");
        List<Path> samples = samples();
        assertEquals(41, samples.size(), "the corpus holds 41 configurations: " + samples);
        List<String> failures = new ArrayList<>();
        int virtualServers = 0;
        int vips = 0;
        int findings = 0;
        int grouped = 0;
        int syncGroups = 0;
        for (Path sample : samples) {
            try {
                ImportResult r = ImportResult.of(sample, Optional.empty(), "lb1", Path.of("director.yaml"));
                DirectorConfig c = TestConfigs.valid(r.yaml());
                assertEquals(r.virtualServers(), c.virtualServers().size(), sample + ": virtual servers written");
                assertEquals(r.vips(), c.vips().size(), sample + ": VIPs written");
                for (Finding f : r.findings()) {
                    assertTrue(f.pos().line() >= 1, sample + ": a finding without a line: " + f.line());
                    assertTrue(Files.exists(Path.of(f.pos().file())), sample + ": a finding names no file: " + f.line());
                    assertTrue(f.line().matches("[^:]+:\\d+: [^:]+: .+"), "FILE:LINE: keyword: message, got " + f.line());
                }
                grouped += c.vipGroups().size() > 1 ? 1 : 0;
                syncGroups += c.syncGroups().size();
                virtualServers += r.virtualServers();
                vips += r.vips();
                findings += r.findings().size();
            } catch (AssertionError | RuntimeException e) {
                failures.add(sample.getFileName() + ": " + e.getMessage());
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        // The corpus is mostly LVS and VRRP samples: a converter that silently wrote nothing would fail here.
        assertTrue(virtualServers >= 50, "virtual servers converted: " + virtualServers);
        assertTrue(vips >= 40, "VIPs converted: " + vips);
        // 12 samples have several vrrp_instances, each written as one VIP group per instance; their 13
        // vrrp_sync_groups as sync_groups.
        assertEquals(12, grouped, "samples written with vip_groups");
        assertEquals(13, syncGroups, "sync groups written");
        System.out.println("keepalived corpus: " + samples.size() + " files, " + virtualServers + " virtual servers, "
                + vips + " VIPs, " + findings + " findings");
    }
}
