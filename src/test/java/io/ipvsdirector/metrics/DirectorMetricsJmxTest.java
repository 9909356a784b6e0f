package io.ipvsdirector.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** JMX shows the registry /metrics serves: the same metrics, under the domain io.ipvsdirector. */
class DirectorMetricsJmxTest {
    @Test
    void theRegistryIsOnJmxAndLeavesItOnClose() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        DirectorMetrics m = new DirectorMetrics();
        m.counter("elections_total").inc(2);
        m.counter("check_results_total", "type", "tcp", "target", "127.0.0.1:80", "result", "up").inc();
        m.startJmx();
        try {
            Set<ObjectName> names = server.queryNames(new ObjectName(DirectorMetrics.JMX_DOMAIN + ":*"), null);
            ObjectName elections = names.stream().filter(n -> n.getKeyProperty("name").equals("ipvs_director_elections_total"))
                    .findFirst().orElseThrow(() -> new AssertionError("no MBean for elections_total in " + names));
            assertEquals(2L, server.getAttribute(elections, "Count"));
            assertTrue(names.stream().map(n -> n.getKeyProperty("name"))
                    .map(v -> v.startsWith("\"") ? ObjectName.unquote(v) : v).anyMatch(v -> v
                    .equals("ipvs_director_check_results_total{type=\"tcp\",target=\"127.0.0.1:80\",result=\"up\"}")),
                    names.toString());
            assertTrue(names.stream().anyMatch(n -> n.getKeyProperty("name").equals("jvm_memory.heap.used")), names.toString());
        } finally {
            m.close();
        }
        assertTrue(server.queryNames(new ObjectName(DirectorMetrics.JMX_DOMAIN + ":*"), null).isEmpty());
    }
}
