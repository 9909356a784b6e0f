package io.ipvsdirector.config;

import io.ipvsdirector.net.InetAddresses;
import java.lang.reflect.RecordComponent;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

/** Field-by-field comparison of two configuration records, worded in the configuration's own keys. */
final class Changes {
    private Changes() {
    }

    /** "weight 10 -> 20" for each component that differs, skipping {@code ignored} (Java names). */
    static List<String> between(Record before, Record after, Set<String> ignored) {
        List<String> out = new ArrayList<>();
        for (RecordComponent c : before.getClass().getRecordComponents()) {
            if (ignored.contains(c.getName())) {
                continue;
            }
            Object a = value(c, before);
            Object b = value(c, after);
            if (!Objects.equals(a, b)) {
                out.add(snake(c.getName()) + " " + text(a) + " -> " + text(b));
            }
        }
        return out;
    }

    private static Object value(RecordComponent c, Record r) {
        try {
            return c.getAccessor().invoke(r);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + c.getName(), e);
        }
    }

    /** "schedulerFlags" → "scheduler_flags". */
    static String snake(String javaName) {
        return javaName.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
    }

    static String text(Object v) {
        if (v instanceof Optional<?> o) {
            return o.map(Changes::text).orElse("none");
        }
        if (v instanceof OptionalInt o) {
            return o.isPresent() ? String.valueOf(o.getAsInt()) : "none";
        }
        if (v instanceof Duration d) {
            return Durations.format(d);
        }
        if (v instanceof InetAddress a) {
            return InetAddresses.toText(a);
        }
        if (v instanceof Collection<?> c) {
            return c.stream().map(Changes::text).sorted().collect(Collectors.joining(", ", "[", "]"));
        }
        return String.valueOf(v);
    }
}
