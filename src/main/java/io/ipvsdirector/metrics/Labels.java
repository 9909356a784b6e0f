package io.ipvsdirector.metrics;

/**
 * Dropwizard 4 names metrics with plain strings, so labels travel inside the name, already in
 * Prometheus' own syntax: {@code ipvs_director_check_results_total{type="http",result="up"}}. The
 * Prometheus encoder splits the name at the brace; JMX shows it quoted, as one name.
 */
public final class Labels {
    private Labels() {
    }

    /** {@code base} with the label pairs {@code k1, v1, k2, v2, ...}, in the order given. */
    public static String name(String base, String... pairs) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name/value pairs");
        }
        if (pairs.length == 0) {
            return base;
        }
        StringBuilder out = new StringBuilder(base).append('{');
        for (int i = 0; i < pairs.length; i += 2) {
            if (!pairs[i].matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
                throw new IllegalArgumentException("not a label name: " + pairs[i]);
            }
            out.append(i == 0 ? "" : ",").append(pairs[i]).append("=\"").append(escape(pairs[i + 1])).append('"');
        }
        return out.append('}').toString();
    }

    /** A label value as the text format wants it: backslash, double quote and line feed escaped. */
    static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
