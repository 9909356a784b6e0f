package io.ipvsdirector.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where events go: an ordered JSON-lines file, and a script run once per event, as {@code user}
 * when one is given (otherwise as the director's own user).
 */
public record NotifyConfig(Optional<Path> script, Path events, Duration scriptTimeout, Optional<String> user) {
}
