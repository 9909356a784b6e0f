package io.ipvsdirector.packaging;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvsdirector.testkit.Shell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The packages `mvn package` built (with the packages profile), found in target/, and what the
 * package tests need to look into them.
 */
final class Packages {
    /** The version being built: Maven's, or the one the build stamped into target/classes (in a sandbox JVM). */
    static final String VERSION = System.getProperty("project.version", stampedVersion());

    private Packages() {
    }

    private static String stampedVersion() {
        java.util.Properties p = new java.util.Properties();
        try (java.io.InputStream in = Files.newInputStream(basedir().resolve("target/classes/io/ipvsdirector/version.properties"))) {
            p.load(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("the build's version is unknown", e);
        }
        return p.getProperty("version");
    }

    static Path basedir() {
        return Path.of(System.getProperty("project.basedir", ".")).toAbsolutePath();
    }

    static Path deb() {
        return built("ipvs-director_" + VERSION + "_all.deb");
    }

    static Path rpm() {
        return built("ipvs-director-" + VERSION + "-1.noarch.rpm");
    }

    /** The shaded jar the packages carry. */
    static Path jar() {
        return built("ipvs-director.jar");
    }

    private static Path built(String name) {
        Path p = basedir().resolve("target").resolve(name);
        assertTrue(Files.isRegularFile(p), p + " is missing: the package tests run after `mvn package` with the packages profile");
        return p;
    }

    /** Unpacks the .deb's files (dpkg-deb -x) into {@code dir}. */
    static Path extractDeb(Path dir) {
        Shell.ok("dpkg-deb", "-x", deb().toString(), dir.toString());
        return dir;
    }

    /** Runs {@code command}; fails the test with its output when it fails. */
    static List<String> run(String... command) {
        return Shell.ok(command).lines();
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
