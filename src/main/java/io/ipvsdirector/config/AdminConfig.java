package io.ipvsdirector.config;

import io.ipvsdirector.net.HostPort;
import java.nio.file.Path;
import java.util.Optional;

/** The admin HTTP API. A listen address other than loopback needs a bearer token file. */
public record AdminConfig(HostPort listen, Optional<Path> tokenFile) {
}
