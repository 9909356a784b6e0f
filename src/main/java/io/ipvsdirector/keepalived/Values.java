package io.ipvsdirector.keepalived;

import java.math.BigDecimal;
import java.util.Optional;

/** keepalived's value forms: timers in (fractional) seconds, integers, booleans. */
final class Values {
    private Values() {
    }

    /** A keepalived timer (seconds, fractions allowed) in milliseconds. */
    static Optional<Long> millis(String s) {
        try {
            BigDecimal seconds = new BigDecimal(s);
            if (seconds.signum() < 0) {
                return Optional.empty();
            }
            return Optional.of(seconds.movePointRight(3).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact());
        } catch (NumberFormatException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    /** Milliseconds written as this director's duration: whole seconds as {@code 6s}, else {@code 2500ms}. */
    static String duration(long millis) {
        if (millis == 0) {
            return "0s";
        }
        return millis % 1000 == 0 ? (millis / 1000) + "s" : millis + "ms";
    }

    static Optional<Long> integer(String s) {
        try {
            return Optional.of(Long.parseLong(s));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The first argument of {@code n} as an integer, or a finding and empty. */
    static Optional<Long> integerArg(KNode n, long min, long max, Report report) {
        return integerArg(n, 0, min, max, report);
    }

    /** An integer argument of {@code n}, or a finding and empty. */
    static Optional<Long> integerArg(KNode n, int i, long min, long max, Report report) {
        Optional<Long> v = n.arg(i).flatMap(Values::integer);
        if (v.isEmpty() || v.get() < min || v.get() > max) {
            report.dropped(n, "needs an integer " + min + ".." + max + ", got '" + n.arg(i).orElse("") + "' (keepalived rejects it)");
            return Optional.empty();
        }
        return v;
    }

    /** A timer argument of {@code n} in milliseconds, or a finding and empty. */
    static Optional<Long> timerArg(KNode n, Report report) {
        Optional<Long> v = n.arg(0).flatMap(Values::millis);
        if (v.isEmpty()) {
            report.dropped(n, "needs a time in seconds, got '" + n.arg(0).orElse("") + "' (keepalived rejects it)");
        }
        return v;
    }

    /** keepalived's boolean: no argument, or on/true/yes, means true. */
    static boolean bool(KNode n) {
        return n.arg(0).map(a -> !(a.equalsIgnoreCase("off") || a.equalsIgnoreCase("false") || a.equalsIgnoreCase("no")
                || a.equals("0"))).orElse(true);
    }

    static boolean isIpv6(String address) {
        return address.indexOf(':') >= 0;
    }
}
