package io.ipvsdirector.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command's exit codes, its stderr lines and summary, and check-config accepting what it wrote. */
class ImportKeepalivedCommandTest {
    @TempDir
    Path dir;

    private static final String EXACT = """
            global_defs {
                router_id lb1
            }
            virtual_server 10.0.0.1 80 {
                delay_loop 5
                lb_algo wrr
                lb_kind NAT
                protocol TCP
                real_server 10.0.1.1 8080 {
                    weight 3
                    TCP_CHECK {
                        connect_timeout 2
                    }
                }
            }
            """;

    @Test
    void anExactConversionExitsZeroAndCheckConfigAcceptsTheOutput() throws Exception {
        Path in = dir.resolve("keepalived.conf");
        Files.writeString(in, EXACT);
        Path out = dir.resolve("director.yaml");
        CliRun r = CliRun.of("import-keepalived", in.toString(), "--output", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("converted 1 virtual server(s), 1 real server(s), 0 VIP(s); 0 approximated, 0 left out"), r.err());
        String yaml = Files.readString(out);
        assertTrue(yaml.contains("name: lb1"), yaml);
        CliRun check = CliRun.of("check-config", "--config", out.toString());
        assertEquals(0, check.exitCode(), check.err());
    }

    @Test
    void somethingApproximatedExitsOneWithOneLinePerKeywordOnStderrAndYamlOnStdout() throws Exception {
        Path in = dir.resolve("keepalived.conf");
        Files.writeString(in, EXACT.replace("protocol TCP", "protocol TCP\n    ha_suspend"));
        CliRun r = CliRun.of("import-keepalived", in.toString());
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.err().contains(in + ":9: ha_suspend: "), r.err());
        assertTrue(r.err().contains("1 approximated, 0 left out"), r.err());
        assertTrue(r.out().contains("virtual_servers:"), r.out());
    }

    @Test
    void anUnreadableInputExitsTwo() {
        CliRun r = CliRun.of("import-keepalived", dir.resolve("absent.conf").toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("absent.conf: (file): cannot read: no such file"), r.err());
    }
}
