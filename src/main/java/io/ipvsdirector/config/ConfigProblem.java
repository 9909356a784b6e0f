package io.ipvsdirector.config;

/** One thing wrong with a configuration: where (the key path) and what. */
public record ConfigProblem(String path, String message) {
    /** The operator-facing line: {@code FILE: PATH: MESSAGE}. */
    public String format(String file) {
        return file + ": " + path + ": " + message;
    }
}
