package io.ipvsdirector.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A typed, path-aware view of one mapping of the YAML file. Every getter records the key as known,
 * reports a problem (never throws) when the value has the wrong type or range, and falls back to the
 * default so that validation goes on and reports every problem of the file at once.
 */
final class Section {
    private final String path;
    private final JsonObject json;
    private final Problems problems;
    private final Set<String> known = new LinkedHashSet<>();

    Section(String path, JsonObject json, Problems problems) {
        this.path = path;
        this.json = json;
        this.problems = problems;
    }

    String path() {
        return path;
    }

    String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    Problems problems() {
        return problems;
    }

    void problem(String key, String message) {
        problems.add(key == null ? path : path(key), message);
    }

    /** The raw value, or null when the key is absent or empty. Marks the key as known. */
    Object raw(String key) {
        known.add(key);
        return json.getValue(key);
    }

    boolean has(String key) {
        return raw(key) != null;
    }

    Optional<String> optString(String key) {
        Object v = raw(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof String s) {
            if (s.isBlank()) {
                problem(key, "must not be empty");
                return Optional.empty();
            }
            return Optional.of(s);
        }
        if (v instanceof Number || v instanceof Boolean) {
            return Optional.of(String.valueOf(v));
        }
        problem(key, "must be a string, got " + describe(v));
        return Optional.empty();
    }

    String string(String key, String def) {
        return optString(key).orElse(def);
    }

    Optional<String> requiredString(String key) {
        if (!has(key)) {
            problem(key, "is required");
            return Optional.empty();
        }
        return optString(key);
    }

    Optional<Integer> optInt(String key, long min, long max) {
        Object v = raw(key);
        if (v == null) {
            return Optional.empty();
        }
        String range = "an integer between " + min + " and " + max;
        if (!(v instanceof Integer || v instanceof Long)) {
            problem(key, "must be " + range + ", got " + describe(v));
            return Optional.empty();
        }
        long n = ((Number) v).longValue();
        if (n < min || n > max) {
            problem(key, "must be " + range + ", got " + n);
            return Optional.empty();
        }
        return Optional.of((int) n);
    }

    int integer(String key, long min, long max, int def) {
        return optInt(key, min, max).orElse(def);
    }

    /** Unsigned 32-bit values (fwmarks, thresholds), kept in an int as the kernel does. */
    Optional<Integer> optUnsigned32(String key, long min) {
        Object v = raw(key);
        if (v == null) {
            return Optional.empty();
        }
        long max = 0xffffffffL;
        if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() < min || ((Number) v).longValue() > max) {
            problem(key, "must be an integer between " + min + " and " + max + ", got " + describe(v));
            return Optional.empty();
        }
        return Optional.of((int) ((Number) v).longValue());
    }

    boolean bool(String key, boolean def) {
        Object v = raw(key);
        if (v == null) {
            return def;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        problem(key, "must be true or false, got " + describe(v));
        return def;
    }

    Optional<Duration> optDuration(String key, Duration min, Duration max) {
        Object v = raw(key);
        if (v == null) {
            return Optional.empty();
        }
        Duration d;
        if (v instanceof String s) {
            try {
                d = Durations.parse(s);
            } catch (IllegalArgumentException e) {
                problem(key, e.getMessage());
                return Optional.empty();
            }
        } else if (v instanceof Number n && n.doubleValue() == 0) {
            d = Duration.ZERO;
        } else {
            problem(key, "must be a duration with a unit (250ms, 2s, 5m), got " + describe(v));
            return Optional.empty();
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            problem(key, "must be between " + Durations.format(min) + " and " + Durations.format(max)
                    + ", got " + Durations.format(d));
            return Optional.empty();
        }
        return Optional.of(d);
    }

    Duration duration(String key, Duration min, Duration max, Duration def) {
        return optDuration(key, min, max).orElse(def);
    }

    /** A string that must be one of {@code allowed}. */
    Optional<String> optChoice(String key, Collection<String> allowed, String what) {
        Optional<String> s = optString(key);
        if (s.isPresent() && !allowed.contains(s.get())) {
            problem(key, "unknown " + what + " '" + s.get() + "'; expected one of " + String.join(", ", allowed)
                    + DidYouMean.suggest(s.get(), allowed).replace("; did you mean", " (did you mean").replace("?", "?)"));
            return Optional.empty();
        }
        return s;
    }

    String choice(String key, Collection<String> allowed, String what, String def) {
        return optChoice(key, allowed, what).orElse(def);
    }

    /** An enum constant named by its configuration spelling. */
    <E extends Enum<E> & Spelled> Optional<E> optEnum(String key, Class<E> type, String what) {
        return optChoice(key, spellings(type), what).map(word -> fromSpelling(type, word));
    }

    <E extends Enum<E> & Spelled> E enumOf(String key, Class<E> type, String what, E def) {
        return optEnum(key, type, what).orElse(def);
    }

    static <E extends Enum<E> & Spelled> List<String> spellings(Class<E> type) {
        List<String> out = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            out.add(e.spelling());
        }
        return out;
    }

    static <E extends Enum<E> & Spelled> E fromSpelling(Class<E> type, String word) {
        for (E e : type.getEnumConstants()) {
            if (e.spelling().equals(word)) {
                return e;
            }
        }
        throw new IllegalArgumentException(word);
    }

    /** A string turned into a value by {@code parser}; its IllegalArgumentException becomes the problem. */
    <T> Optional<T> parsed(String key, Function<String, T> parser) {
        return optString(key).flatMap(s -> parse(key, s, parser));
    }

    <T> Optional<T> parse(String key, String text, Function<String, T> parser) {
        try {
            return Optional.of(parser.apply(text));
        } catch (IllegalArgumentException e) {
            problem(key, e.getMessage());
            return Optional.empty();
        }
    }

    Optional<Section> object(String key) {
        Object v = raw(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof JsonObject o) {
            return Optional.of(new Section(path(key), o, problems));
        }
        problem(key, "must be a mapping of keys to values, got " + describe(v));
        return Optional.empty();
    }

    /** An absent mapping reads as an empty one, so that its defaults apply. */
    Section objectOrEmpty(String key) {
        return object(key).orElseGet(() -> new Section(path(key), new JsonObject(), problems));
    }

    /** A list of raw items with the path of each ("key[3]"); absent means empty. */
    List<Item> list(String key) {
        Object v = raw(key);
        List<Item> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (!(v instanceof JsonArray a)) {
            problem(key, "must be a list, got " + describe(v));
            return out;
        }
        for (int i = 0; i < a.size(); i++) {
            out.add(new Item(path(key) + "[" + i + "]", a.getValue(i)));
        }
        return out;
    }

    List<Section> objects(String key) {
        List<Section> out = new ArrayList<>();
        for (Item item : list(key)) {
            if (item.value() instanceof JsonObject o) {
                out.add(new Section(item.path(), o, problems));
            } else {
                problems.add(item.path(), "must be a mapping of keys to values, got " + describe(item.value()));
            }
        }
        return out;
    }

    List<String> strings(String key) {
        List<String> out = new ArrayList<>();
        for (Item item : list(key)) {
            if (item.value() instanceof String s && !s.isBlank()) {
                out.add(s);
            } else if (item.value() instanceof Number n) {
                out.add(String.valueOf(n));
            } else {
                problems.add(item.path(), "must be a string, got " + describe(item.value()));
            }
        }
        return out;
    }

    /** Keys present in the mapping, in file order. */
    Set<String> keys() {
        return json.fieldNames();
    }

    JsonObject json() {
        return json;
    }

    /** Reports every key that no getter asked for; {@code what} names the mapping for the message. */
    void finish(String what) {
        for (String key : json.fieldNames()) {
            if (!known.contains(key)) {
                String allowed = known.size() <= 16 ? "; allowed: " + String.join(", ", known) : "";
                String suggestion = DidYouMean.suggest(key, known);
                problem(key, "unknown key" + (what == null ? "" : " for " + what)
                        + (suggestion.isEmpty() ? allowed : suggestion));
            }
        }
    }

    static String describe(Object v) {
        if (v == null) {
            return "nothing";
        }
        if (v instanceof String s) {
            return "'" + s + "'";
        }
        if (v instanceof JsonObject) {
            return "a mapping";
        }
        if (v instanceof JsonArray) {
            return "a list";
        }
        return String.valueOf(v);
    }

    /** One element of a YAML list, with its path. */
    record Item(String path, Object value) {
    }
}
