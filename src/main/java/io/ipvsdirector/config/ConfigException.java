package io.ipvsdirector.config;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration that cannot be used, with every problem found in it. Never carries a stack trace to the operator. */
public final class ConfigException extends Exception {
    private final String file;
    private final List<ConfigProblem> problems;

    public ConfigException(String file, List<ConfigProblem> problems) {
        super(problems.size() + " problem(s) in " + file, null, false, false);
        this.file = file;
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String file, String path, String message) {
        this(file, List.of(new ConfigProblem(path, message)));
    }

    public String file() {
        return file;
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    /** One {@code FILE: PATH: MESSAGE} line per problem. */
    public List<String> lines() {
        return problems.stream().map(p -> p.format(file)).collect(Collectors.toList());
    }

    @Override
    public String getMessage() {
        return String.join("\n", lines());
    }
}
