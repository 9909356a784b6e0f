package io.ipvsdirector.cluster;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Liveness from this director's own side: it notices having been frozen (a beacon tick far later
 * than planned) and looks for silent peers between ticks. A frozen director's view of who is alive
 * is thrown away, and it never elects itself on it: it hears everyone afresh first.
 */
final class FreezeWatch {
    private static final Logger LOG = LoggerFactory.getLogger(FreezeWatch.class);

    private final Vertx vertx;
    private final long silentNanos;
    private final Peers peers;
    private final RoleMachine machine;
    private final VipOwnership vips;

    FreezeWatch(Vertx vertx, Duration silentAfter, Peers peers, RoleMachine machine, VipOwnership vips) {
        this.vertx = vertx;
        this.silentNanos = silentAfter.toNanos();
        this.peers = peers;
        this.machine = machine;
        this.vips = vips;
    }

    /** Each beacon tick, with the time since the previous one. */
    void tick(long gapNanos) {
        if (gapNanos <= silentNanos) {
            return;
        }
        // Frozen (SIGSTOP, a stalled VM, a long pause) longer than the peers wait: one of them may
        // have taken over. The kernel kept answering for the VIPs all along; what must not happen
        // now is an announcement that pulls the traffic back before the peers are heard, or an
        // election on the view from before the freeze.
        Role role = machine.self().role();
        LOG.warn("this director was frozen for {} ms (peers wait {} ms); re-checking the cluster before {}",
                TimeUnit.NANOSECONDS.toMillis(gapNanos), TimeUnit.NANOSECONDS.toMillis(silentNanos),
                role == Role.ACTIVE ? "announcing" : "electing");
        if (role == Role.STANDBY) {
            machine.resync("re-synchronising after a freeze");
            return;
        }
        peers.forgetLiveness();
        if (role != Role.ACTIVE) {
            return;
        }
        // Still ACTIVE: keep the VIPs (nobody else may have them) but announce nothing; a peer that
        // took over meanwhile has a higher epoch, and hearing it makes this one step down and listen.
        vips.holdAnnouncements();
        machine.listenFor(2 * silentNanos);
        vertx.setTimer(TimeUnit.NANOSECONDS.toMillis(2 * silentNanos), id -> {
            machine.evaluate();
            if (machine.self().role() == Role.ACTIVE && !machine.busy()) {
                LOG.info("still ACTIVE after re-checking (epoch {})", machine.self().epoch());
                vips.reannounce();
            }
        });
    }

    /**
     * Looks for silent peers five times per beacon interval, so that a silence is noticed within a
     * fifth of an interval of its timeout rather than at the next beacon tick.
     */
    static void watchSilence(Vertx vertx, Duration interval, Peers peers, RoleMachine machine) {
        long period = Math.max(10, interval.toMillis() / 5);
        long[] last = {System.nanoTime()};
        vertx.setPeriodic(period, id -> {
            long now = System.nanoTime();
            long late = now - last[0] - TimeUnit.MILLISECONDS.toNanos(period);
            last[0] = now;
            if (machine.self().role() == Role.STOPPING) {
                vertx.cancelTimer(id);
            } else if (late > TimeUnit.MILLISECONDS.toNanos(period)) {
                // This check itself runs late: beacons may be waiting unread in the socket. Accuse nobody now.
                return;
            } else if (peers.expire(now) | peers.lapseVotes(now) || machine.waiting()) {
                // Also while waiting for a holder to release: a silent holder's grace ends on no event.
                machine.evaluate();
            }
        });
    }
}
