package io.ipvsdirector.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a sealed message proves, and what every kind of tampering gets. */
class MessageSealTest {
    private static final byte[] K1 = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] K2 = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);
    private static final String JSON = "{\"c\":\"prod\",\"n\":\"lb1\",\"p\":150}";

    @Test
    void aSealedMessageOpensWithTheSameKey() {
        MessageSeal seal = new MessageSeal(List.of(K1));
        MessageSeal.Opened opened = seal.open(seal.seal(JSON));
        assertTrue(opened.ok());
        assertEquals(JSON, opened.json());
        assertTrue(opened.signed());
    }

    @Test
    void anyChangedByteIsRefused() {
        MessageSeal seal = new MessageSeal(List.of(K1));
        String sealed = seal.seal(JSON);
        assertEquals("bad_signature", seal.open(sealed.replace("150", "254")).rejected());
        assertEquals("bad_signature", seal.open(sealed.replace("lb1", "lb2")).rejected());
    }

    @Test
    void anotherKeyIsRefused() {
        String sealed = new MessageSeal(List.of(K2)).seal(JSON);
        assertEquals("bad_signature", new MessageSeal(List.of(K1)).open(sealed).rejected());
    }

    @Test
    void duringARotationEitherKeyIsAcceptedAndTheFirstSigns() {
        MessageSeal rotating = new MessageSeal(List.of(K2, K1));
        assertTrue(rotating.open(new MessageSeal(List.of(K1)).seal(JSON)).ok(), "the old key still opens");
        assertTrue(new MessageSeal(List.of(K2)).open(rotating.seal(JSON)).ok(), "the new key signs");
        assertFalse(new MessageSeal(List.of(K1)).open(rotating.seal(JSON)).ok());
    }

    @Test
    void unsignedAndSignedTrafficDoNotMix() {
        MessageSeal none = new MessageSeal(List.of());
        MessageSeal keyed = new MessageSeal(List.of(K1));
        assertEquals("unsigned", keyed.open(none.seal(JSON)).rejected(), "a keyed director refuses unsigned messages");
        MessageSeal.Opened signed = none.open(keyed.seal(JSON));
        assertEquals("signed", signed.rejected(), "a director without a key cannot check a signed one");
        assertTrue(none.open(none.seal(JSON)).ok(), "an unauthenticated cluster works as before");
    }

    @Test
    void garbageIsMalformed() {
        MessageSeal seal = new MessageSeal(List.of(K1));
        assertEquals("malformed", seal.open("{\"c\":\"prod\"}").rejected());
        assertEquals("malformed", seal.open("v1.nodot").rejected());
        assertEquals("malformed", seal.open("v1.!!!.{}").rejected());
    }

    @Test
    void aReloadTellsNewKeysFromTheSame() {
        assertTrue(new MessageSeal(List.of(K1)).sameKeys(new MessageSeal(List.of(K1.clone()))));
        assertFalse(new MessageSeal(List.of(K1)).sameKeys(new MessageSeal(List.of(K2, K1))), "a rotation began");
        assertFalse(new MessageSeal(List.of(K2, K1)).sameKeys(new MessageSeal(List.of(K2))), "the old key went");
    }
}
