package io.ipvsdirector.cli;

import io.ipvsdirector.admin.BearerToken;
import io.ipvsdirector.config.ConfigBinder;
import io.ipvsdirector.net.HostPort;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.Yaml;

/**
 * How the command line reaches a running director: the admin address and token come from the
 * configuration file's {@code admin} section alone, read leniently, so that {@code reload} works
 * even while the rest of the file does not validate (that is what the reload will report).
 */
final class AdminClient {
    /** Exit status when no director answers, as {@code systemctl status} uses 3 for "not running". */
    static final int EXIT_NOT_RUNNING = 3;
    static final int EXIT_REFUSED = 1;

    /** What the API answered: status and parsed body. */
    record Answer(int status, JsonObject body) {
        boolean ok() {
            return status / 100 == 2;
        }
    }

    /** A failure the command reports in one line and turns into an exit status. */
    static final class Failure extends Exception {
        final int exit;

        Failure(int exit, String message) {
            super(message, null, false, false);
            this.exit = exit;
        }
    }

    private final URI base;
    private final Optional<String> token;
    private final String listen;

    private AdminClient(URI base, Optional<String> token, String listen) {
        this.base = base;
        this.token = token;
        this.listen = listen;
    }

    static AdminClient of(Path file) throws Failure {
        Map<?, ?> admin = Map.of();
        try {
            Object root = new Yaml().load(Files.readString(file));
            if (root instanceof Map<?, ?> m && m.get("admin") instanceof Map<?, ?> a) {
                admin = a;
            }
        } catch (IOException e) {
            throw new Failure(Main.EXIT_CONFIG, file + ": (file): cannot read: " + io.ipvsdirector.config.ConfigLoader.readError(e));
        } catch (RuntimeException e) {
            throw new Failure(Main.EXIT_CONFIG, file + ": (file): cannot find the admin section: " + e.getMessage());
        }
        HostPort listen;
        try {
            listen = admin.get("listen") == null ? ConfigBinder.DEFAULT_ADMIN : HostPort.parse(admin.get("listen").toString());
        } catch (IllegalArgumentException e) {
            throw new Failure(Main.EXIT_CONFIG, file + ": admin.listen: " + e.getMessage());
        }
        Optional<String> token = Optional.empty();
        if (admin.get("token_file") != null) {
            Path tokenFile = file.toAbsolutePath().getParent().resolve(admin.get("token_file").toString());
            try {
                token = BearerToken.firstLine(tokenFile);
            } catch (IOException e) {
                throw new Failure(EXIT_REFUSED, file + ": admin.token_file: cannot read " + tokenFile + ": "
                        + io.ipvsdirector.config.ConfigLoader.readError(e));
            }
        }
        // A director listening on every address is reached on loopback.
        InetAddress address = listen.address().isAnyLocalAddress()
                ? InetAddress.getLoopbackAddress() : listen.address();
        HostPort target = new HostPort(address, listen.port());
        String host = target.toString();
        return new AdminClient(URI.create("http://" + host), token, host);
    }

    Answer get(String path) throws Failure {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    Answer post(String path, JsonObject body) throws Failure {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : body.encode())));
    }

    private Answer send(HttpRequest.Builder request) throws Failure {
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        HttpResponse<String> response;
        try {
            response = client.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new Failure(EXIT_NOT_RUNNING, "ipvs-director is not running (no admin API answers on " + listen + ")");
        } catch (IOException e) {
            throw new Failure(EXIT_NOT_RUNNING, "ipvs-director's admin API on " + listen + " did not answer: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure(EXIT_REFUSED, "interrupted");
        }
        if (response.statusCode() == 401) {
            throw new Failure(EXIT_REFUSED, "the admin API on " + listen + " refused the request: "
                    + (token.isPresent() ? "the token in admin.token_file is not the director's" : "it needs a bearer token (admin.token_file)"));
        }
        JsonObject body;
        try {
            body = response.body().isBlank() ? new JsonObject() : new JsonObject(response.body());
        } catch (RuntimeException e) {
            body = new JsonObject().put("error", response.body().strip());
        }
        return new Answer(response.statusCode(), body);
    }
}
