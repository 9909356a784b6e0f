package io.ipvsdirector.config;

import java.time.Duration;

/**
 * Gratuitous ARP / unsolicited NA: {@code count} packets {@code interval} apart when a VIP is taken,
 * a second burst after {@code repeatAfter} (zero: none) and a burst every {@code refresh} (zero: never).
 */
public record AnnounceConfig(int count, Duration interval, Duration repeatAfter, Duration refresh) {
}
