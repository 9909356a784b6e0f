package io.ipvsdirector.cluster;

import java.util.Optional;

/** What the election tells this director to do next; {@link RoleMachine} carries it out. */
sealed interface Decision {
    /** Nothing to change. */
    record Stay() implements Decision {
    }

    /** Take the VIPs with {@code epoch}. */
    record Acquire(long epoch, String reason) implements Decision {
    }

    /** Give the VIPs up (if held) and take {@code next}; {@code to}: the peer handed over to, if any. */
    record Release(Role next, String reason, Optional<String> to) implements Decision {
        Release(Role next, String reason) {
            this(next, reason, Optional.empty());
        }
    }

    /** Elected, but {@code holder} may still hold the VIPs: wait for it to release them. */
    record Wait(String holder) implements Decision {
    }

    /** Elected again just after handing over to {@code to}, which is alive and not ACTIVE yet: let it take over. */
    record AwaitTakeover(String to) implements Decision {
    }

    /**
     * Elected among the eligible, but {@code peer}, which would win, is starting or hearing the cluster
     * afresh: let it finish rather than race it for the VIPs.
     */
    record AwaitStronger(String peer) implements Decision {
    }

    /** Not eligible: a tracker or the cluster's configuration says no. */
    record Fault(String reason) implements Decision {
    }

    /** This director's view is old: forget who is alive and hear everyone afresh before electing. */
    record Resync(String reason) implements Decision {
    }

    /** With a witness, this side is a minority: it may not own the VIPs. */
    record Minority(String why) implements Decision {
    }

    Decision STAY = new Stay();
}
