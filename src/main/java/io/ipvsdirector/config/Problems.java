package io.ipvsdirector.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Collects every problem of one validation run; the same problem is reported once. */
final class Problems {
    private final Set<ConfigProblem> problems = new LinkedHashSet<>();

    void add(String path, String message) {
        problems.add(new ConfigProblem(path, message));
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    int size() {
        return problems.size();
    }

    List<ConfigProblem> list() {
        return new ArrayList<>(problems);
    }
}
