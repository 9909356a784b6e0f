package io.ipvsdirector.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BearerTokenTest {
    @TempDir
    Path dir;

    @Test
    void acceptsOnlyTheBearerOfTheRightToken() {
        BearerToken t = BearerToken.of("s3cret-token");
        assertTrue(t.accepts("Bearer s3cret-token"));
        assertTrue(t.accepts("bearer s3cret-token"), "the scheme is case-insensitive (RFC 7235)");
        assertFalse(t.accepts(null), "missing");
        assertFalse(t.accepts(""));
        assertFalse(t.accepts("Bearer s3cret-toke"), "a prefix");
        assertFalse(t.accepts("Bearer s3cret-token2"), "longer");
        assertFalse(t.accepts("Bearer "), "empty");
        assertFalse(t.accepts("Basic s3cret-token"), "another scheme");
        assertFalse(t.accepts("s3cret-token"), "no scheme");
    }

    @Test
    void theFilesFirstLineIsTheToken() throws IOException {
        Path f = dir.resolve("token");
        Files.writeString(f, "  abc123  \nsecond line\n");
        assertEquals(Optional.of("abc123"), BearerToken.firstLine(f));
        assertTrue(BearerToken.read(f).accepts("Bearer abc123"));
        Files.writeString(f, "\n  \n");
        assertEquals(Optional.empty(), BearerToken.firstLine(f));
        assertThrows(IOException.class, () -> BearerToken.read(f));
        assertThrows(IllegalArgumentException.class, () -> BearerToken.of(" "));
    }
}
