package io.ipvsdirector.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every file of src/test/resources/bad-configs must be rejected with exactly the problems its
 * "# expect: PATH: MESSAGE" lines name, each as "FILE: PATH: MESSAGE", and nothing else.
 */
class BadConfigCorpusTest {
    private static final Path CORPUS = Path.of("src/test/resources/bad-configs");
    @Test
    void corpusHasAtLeastFortyFiles() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            assertTrue(files.filter(f -> f.toString().endsWith(".yaml")).count() >= 40);
        }
    }

    @TestFactory
    Stream<DynamicTest> eachBadConfigIsRejectedWithItsExpectedLines() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(CORPUS)) {
            files = list.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)));
    }

    private static void check(Path file) throws IOException {
        List<String> expected = Files.readAllLines(file).stream()
                .filter(l -> l.startsWith("# expect: "))
                .map(l -> file + ": " + l.substring("# expect: ".length()))
                .toList();
        assertFalse(expected.isEmpty(), file + " has no # expect: lines");
        Throwable error = loadError(file);
        ConfigException e = assertInstanceOf(ConfigException.class, error, "a ConfigException, never another failure");
        assertEquals(expected, e.lines(), "problems reported for " + file);
    }

    private static Throwable loadError(Path file) {
        try {
            ConfigLoader.load(TestConfigs.vertx(), file).await();
        } catch (Throwable t) {
            return t;
        }
        return fail(file + " was accepted");
    }
}
