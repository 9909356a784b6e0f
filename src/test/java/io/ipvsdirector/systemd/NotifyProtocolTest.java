package io.ipvsdirector.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NotifyProtocolTest {
    @Test
    void noSocketOrAnUnusableOneMeansNotUnderSystemd() {
        assertEquals(Optional.empty(), NotifyEnvironment.from(Map.of(), 42));
        assertEquals(Optional.empty(), NotifyEnvironment.from(Map.of("NOTIFY_SOCKET", ""), 42));
        assertEquals(Optional.empty(), NotifyEnvironment.from(Map.of("NOTIFY_SOCKET", "relative/path"), 42));
    }

    @Test
    void theWatchdogIsOnlyForTheProcessItNames() {
        Map<String, String> env = Map.of("NOTIFY_SOCKET", "/run/systemd/notify", "WATCHDOG_USEC", "20000000");
        assertEquals(Optional.of(Duration.ofSeconds(20)), NotifyEnvironment.from(env, 42).orElseThrow().watchdog());
        Map<String, String> mine = Map.of("NOTIFY_SOCKET", "/run/systemd/notify", "WATCHDOG_USEC", "20000000", "WATCHDOG_PID", "42");
        assertEquals(Optional.of(Duration.ofSeconds(20)), NotifyEnvironment.from(mine, 42).orElseThrow().watchdog());
        assertEquals(Optional.empty(), NotifyEnvironment.from(mine, 43).orElseThrow().watchdog(), "another process's watchdog");
        assertEquals(Optional.empty(), NotifyEnvironment.from(Map.of("NOTIFY_SOCKET", "/s", "WATCHDOG_USEC", "x"), 42)
                .orElseThrow().watchdog());
        assertEquals(Optional.empty(), NotifyEnvironment.from(Map.of("NOTIFY_SOCKET", "/s", "WATCHDOG_USEC", "0"), 42)
                .orElseThrow().watchdog());
        assertEquals(Optional.empty(), NotifyEnvironment.from(Map.of("NOTIFY_SOCKET", "/s"), 42).orElseThrow().watchdog());
    }

    @Test
    void aPathSocketEndsWithNulAndAnAbstractOneStartsWithIt() {
        ByteBuffer path = NotifyEnvironment.from(Map.of("NOTIFY_SOCKET", "/run/systemd/notify"), 1).orElseThrow().sockaddr();
        assertEquals(2 + "/run/systemd/notify".length() + 1, path.limit());
        assertEquals(1, path.order(ByteOrder.nativeOrder()).getShort(0), "AF_UNIX");
        assertEquals("/run/systemd/notify\0", text(path, 2));

        ByteBuffer abstractName = NotifyEnvironment.from(Map.of("NOTIFY_SOCKET", "@sd/notify"), 1).orElseThrow().sockaddr();
        assertEquals(2 + 1 + "sd/notify".length(), abstractName.limit(), "no trailing NUL: the length is part of the name");
        assertEquals("\0sd/notify", text(abstractName, 2));
        assertTrue(abstractName.isDirect());

        String tooLong = "/" + "x".repeat(107);
        assertThrows(IllegalArgumentException.class,
                () -> NotifyEnvironment.from(Map.of("NOTIFY_SOCKET", tooLong), 1).orElseThrow().sockaddr());
    }

    @Test
    void messagesAreOneAssignmentPerLineAndTheStatusIsOneLine() {
        assertEquals("READY=1\nSTATUS=ACTIVE; 1 VIP(s)", NotifyMessage.ready("ACTIVE; 1 VIP(s)"));
        assertEquals("RELOADING=1\nMONOTONIC_USEC=1234\nSTATUS=reloading", NotifyMessage.reloading(1234, "reloading"));
        assertEquals("STOPPING=1\nSTATUS=stopping", NotifyMessage.stopping());
        assertEquals("WATCHDOG=1", NotifyMessage.watchdog());
        assertEquals("STATUS=a b", NotifyMessage.status("a\nb\r\n"));
    }

    @Test
    void outsideSystemdNothingIsSent() {
        assertFalse(ServiceManager.NONE.watchdog().isPresent());
        ServiceManager.NONE.ready("x");
    }

    @Test
    void aPartIsStaleWhenItHasNotAnsweredInTimeAndIsPingedOnceAtATime() {
        Heartbeats beats = new Heartbeats();
        beats.watch("loop", 0);
        beats.watch("kernel", 0);
        assertEquals(Optional.empty(), beats.stale(100, 100));
        assertTrue(beats.pingDue("loop"));
        assertFalse(beats.pingDue("loop"), "one ping out at a time");
        assertTrue(beats.pingDue("kernel"));
        beats.answered("kernel", 150);
        assertEquals(Optional.of("loop"), beats.stale(200, 100), "the loop never answered");
        assertEquals(200, beats.age("loop", 200));
        beats.answered("loop", 210);
        assertEquals(Optional.empty(), beats.stale(220, 100));
        assertTrue(beats.pingDue("loop"), "answered: the next ping may go");
        assertEquals(Optional.of("kernel"), beats.stale(300, 100));
        assertFalse(beats.pingDue("unknown"));
    }

    private static String text(ByteBuffer b, int from) {
        byte[] bytes = new byte[b.limit() - from];
        b.duplicate().position(from).get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
