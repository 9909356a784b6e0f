package io.ipvsdirector.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class InetAddressesTest {
    @ParameterizedTest
    @CsvSource({
        "192.0.2.10, 192.0.2.10",
        "0.0.0.0, 0.0.0.0",
        "2001:db8::10, 2001:db8::10",
        "2001:DB8:0:0:0:0:0:10, 2001:db8::10",
        "::, ::",
        "::1, ::1",
        "fe80::, fe80::",
        "2001:db8:0:1:0:0:0:1, 2001:db8:0:1::1",
        "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
        "1:0:0:2:0:0:0:3, 1:0:0:2::3",
        "2001:db8::192.0.2.1, 2001:db8::c000:201",
    })
    void parsesAndPrintsCanonically(String text, String canonical) {
        assertEquals(canonical, InetAddresses.toText(InetAddresses.parse(text)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.0.2", "192.0.2.256", "01.2.3.4", "example.com", "1:2:3:4:5:6:7:8:9", "1::2::3",
        "::ffff:10.0.0.1", "12345::", "", "1.2.3.4 ", "[::1]", "fe80::1%eth0"})
    void rejectsWithoutAnyLookup(String text) {
        assertThrows(IllegalArgumentException.class, () -> InetAddresses.parse(text));
    }

    @Test
    void roundTripsRandomAddresses() throws Exception {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[i % 2 == 0 ? 4 : 16];
            random.nextBytes(bytes);
            if (bytes.length == 16) {
                // Runs of zero words exercise the "::" compression.
                for (int w = 0; w < 8; w++) {
                    if (random.nextInt(3) == 0) {
                        bytes[2 * w] = 0;
                        bytes[2 * w + 1] = 0;
                    }
                }
                bytes[10] = 0; // never IPv4-mapped
            }
            InetAddress a = InetAddress.getByAddress(bytes);
            InetAddress back = InetAddresses.parse(InetAddresses.toText(a));
            assertArrayEquals(bytes, back.getAddress(), InetAddresses.toText(a));
        }
    }

    @Test
    void hostPortAndPrefixRoundTrip() {
        for (String t : new String[] {"10.0.0.11:5701", "[2001:db8::11]:5701", "127.0.0.1:0"}) {
            assertEquals(t, HostPort.parse(t).toString());
        }
        for (String t : new String[] {"192.0.2.10/32", "2001:db8::10/128", "10.0.0.0/8", "::/0"}) {
            assertEquals(t, IpPrefix.parse(t).toString());
        }
        assertEquals("192.0.2.10/32", IpPrefix.parse("192.0.2.10").toString());
        assertEquals("2001:db8::1/128", IpPrefix.parse("2001:db8::1").toString());
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse("2001:db8::1:80"));
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse("10.0.0.1:65536"));
        assertThrows(IllegalArgumentException.class, () -> IpPrefix.parse("10.0.0.1/33"));
    }
}
