package io.ipvsdirector.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ipvsdirector.net.AddressFamily;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NetmasksTest {
    @ParameterizedTest
    @CsvSource({"255.255.255.255,32", "255.255.255.0,24", "255.255.128.0,17", "128.0.0.0,1", "24,24", "/16,16"})
    void ipv4Masks(String mask, int length) {
        assertEquals(length, Netmasks.prefixLength(mask, AddressFamily.IPV4));
    }

    @ParameterizedTest
    @ValueSource(strings = {"255.0.255.0", "0.0.0.0", "255.255.255.1", "33", "0", "255.255.255"})
    void rejectsBadIpv4Masks(String mask) {
        assertThrows(IllegalArgumentException.class, () -> Netmasks.prefixLength(mask, AddressFamily.IPV4));
    }

    @Test
    void ipv6TakesPrefixLengthsOnly() {
        assertEquals(64, Netmasks.prefixLength("64", AddressFamily.IPV6));
        assertEquals(128, Netmasks.prefixLength("/128", AddressFamily.IPV6));
        assertThrows(IllegalArgumentException.class, () -> Netmasks.prefixLength("255.255.255.0", AddressFamily.IPV6));
        assertThrows(IllegalArgumentException.class, () -> Netmasks.prefixLength("129", AddressFamily.IPV6));
    }

    @Test
    void dottedRoundTrips() {
        for (int len = 1; len <= 32; len++) {
            assertEquals(len, Netmasks.prefixLength(Netmasks.dotted(len), AddressFamily.IPV4));
        }
    }
}
