package io.ipvsdirector.config;

import java.util.Locale;

/**
 * An enum constant with the exact word the configuration uses for it: the constant's name in lower
 * case with '-' for '_' (ZERO_WEIGHT is "zero-weight").
 */
public interface Spelled {
    String name();

    default String spelling() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
