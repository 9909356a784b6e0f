package io.ipvsdirector.config;

import java.time.Duration;
import java.util.Optional;

/**
 * Client persistence: connections from one client (or one client network, by {@code prefixLength})
 * go to the same real server for {@code timeout}. {@code engine} is a persistence engine such as "sip".
 */
public record Persistence(Duration timeout, int prefixLength, Optional<String> engine) {
}
