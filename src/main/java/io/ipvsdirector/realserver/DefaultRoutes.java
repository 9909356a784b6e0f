package io.ipvsdirector.realserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The interfaces that carry an IPv4 default route: where a real server's traffic comes in. */
public final class DefaultRoutes {
    private DefaultRoutes() {
    }

    /** The interfaces of the default routes in the text of /proc/net/route (header line first). */
    public static List<String> interfaces(String procNetRoute) {
        Set<String> out = new LinkedHashSet<>();
        procNetRoute.lines().skip(1).forEach(line -> {
            String[] f = line.trim().split("\\s+");
            // Iface Destination Gateway Flags ... Mask: a default route has destination and mask 0.
            if (f.length >= 8 && f[1].equals("00000000") && f[7].equals("00000000")) {
                out.add(f[0]);
            }
        });
        return List.copyOf(out);
    }

    /**
     * As {@link #interfaces(String)}, from this thread's namespace: /proc/net is the namespace of the
     * process's main thread, /proc/thread-self/net that of the calling thread.
     */
    public static List<String> interfaces() throws IOException {
        Path own = Path.of("/proc/thread-self/net/route");
        return interfaces(Files.readString(Files.exists(own) ? own : Path.of("/proc/net/route")));
    }
}
