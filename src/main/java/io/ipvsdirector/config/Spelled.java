package io.ipvsdirector.config;

/** An enum constant with the exact word the configuration uses for it. */
public interface Spelled {
    String spelling();
}
