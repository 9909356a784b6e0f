package io.ipvsdirector.vip;

import io.ipvsdirector.cluster.VipOwnership;
import io.ipvsdirector.config.AnnounceConfig;
import io.ipvsdirector.config.VipConfig;
import io.ipvsdirector.kernel.netlink.KernelThread;
import io.ipvsdirector.kernel.packet.Announcer;
import io.ipvsdirector.kernel.rtnl.AddressTable;
import io.ipvsdirector.notify.EventSink;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the role into VIP ownership: adds and removes the configured VIPs and announces them. Kernel
 * calls run on the kernel thread; timers and state live on the caller's Vert.x context.
 */
public final class VipManager implements VipOwnership {
    private static final Logger LOG = LoggerFactory.getLogger(VipManager.class);

    private final Vertx vertx;
    private final Context context;
    private final AddressTable addresses;
    private final java.util.concurrent.atomic.AtomicLong announced = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong announceFailures = new java.util.concurrent.atomic.AtomicLong();
    private final Announcer announcer;
    private final KernelThread kernel;
    private final EventSink events;
    // Volatile: the status API and the metrics read these two from other threads.
    private volatile List<VipConfig> vips;
    private volatile boolean holding;
    private AnnounceConfig announce;
    private final List<Long> timers = new ArrayList<>();

    public VipManager(Vertx vertx, List<VipConfig> vips, AnnounceConfig announce, AddressTable addresses,
                      Announcer announcer, KernelThread kernel, EventSink events) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.vips = List.copyOf(vips);
        this.announce = announce;
        this.addresses = addresses;
        this.announcer = announcer;
        this.kernel = kernel;
        this.events = events;
    }

    public boolean holding() {
        return holding;
    }

    public List<VipConfig> vips() {
        return vips;
    }

    /**
     * Removes what an earlier run left, prepares the announcements, then rehearses taking and giving
     * the VIPs without effect (see {@link #take}).
     */
    @Override
    public Future<Void> clearStale() {
        return this.<Void>onKernel(() -> {
            for (VipConfig vip : vips) {
                if (addresses.remove(vip.interfaceName(), vip.address())) {
                    LOG.warn("vip {} removed: left on {} by an earlier run, and this director is not ACTIVE",
                            vip.address(), vip.interfaceName());
                }
                try {
                    announcer.prepare(vip.interfaceName(), vip.address());
                } catch (java.io.IOException | RuntimeException e) {
                    LOG.debug("vip {}: announcement not prepared: {}", vip.address(), e.getMessage());
                }
            }
            return null;
        }).compose(v -> take(-1, true)).compose(v -> give(true));
    }

    @Override
    public Future<Void> acquire(long epoch) {
        return take(epoch, false);
    }

    @Override
    public Future<Void> release() {
        return give(false);
    }

    /**
     * Adds and announces every VIP. A {@code rehearsal} runs the same code, call sites and kernel
     * requests with nothing changed (the kernel refuses a request for interface index 0): a takeover
     * happens rarely, often months after the start, and the first run of its code pays for linking
     * its lambdas and string concatenations, milliseconds on the one path where each counts.
     */
    private Future<Void> take(long epoch, boolean rehearsal) {
        if (!rehearsal) {
            holding = true;
            cancelTimers();
        }
        boolean announceNow = announce.count() > 0;
        return this.<Void>onKernel(() -> {
            List<String> failed = new ArrayList<>();
            for (VipConfig vip : vips) {
                if (rehearsal) {
                    rehearseAdd(vip);
                    continue;
                }
                try {
                    boolean added = addresses.add(vip.interfaceName(), vip.address(), vip.label());
                    if (announceNow) {
                        // The first announcement goes out here, on the kernel thread, right after the
                        // add: waiting for the context to hand it back would only delay the move.
                        announceOne(vip);
                    }
                    LOG.info("vip {} {} on {}", vip.address(), added ? "added" : "already present, adopted", vip.interfaceName());
                    emit(vip, added ? "added" : "adopted", epoch);
                } catch (java.io.IOException | RuntimeException e) {
                    LOG.error("vip {} cannot be added on {}: {}", vip.address(), vip.interfaceName(), e.getMessage());
                    failed.add(vip.address().toString());
                }
            }
            if (!failed.isEmpty()) {
                throw new java.io.IOException("VIPs not added: " + String.join(", ", failed));
            }
            return null;
        }).andThen(ar -> {
            if (!rehearsal) {
                startAnnouncing("taken", announceNow);
            }
        });
    }

    private void rehearseAdd(VipConfig vip) {
        try {
            addresses.rehearseAdd(vip.interfaceName(), vip.address(), vip.label());
        } catch (java.io.IOException | RuntimeException e) {
            LOG.debug("vip {}: taking it not rehearsed: {}", vip.address(), e.getMessage());
        }
    }

    /** Removes every VIP; a {@code rehearsal} (see {@link #take}) only removes what is not there. */
    private Future<Void> give(boolean rehearsal) {
        if (!rehearsal) {
            holding = false;
            cancelTimers();
        }
        return this.<Void>onKernel(() -> {
            for (VipConfig vip : vips) {
                try {
                    if (!(rehearsal && holding) && addresses.remove(vip.interfaceName(), vip.address())) {
                        LOG.info("vip {} removed from {}", vip.address(), vip.interfaceName());
                        emit(vip, "removed", -1);
                    }
                } catch (java.io.IOException | RuntimeException e) {
                    LOG.error("vip {} cannot be removed from {}: {}", vip.address(), vip.interfaceName(), e.getMessage());
                }
            }
            return null;
        });
    }

    /**
     * A reload: while holding, VIPs no longer configured are removed and new ones added and announced;
     * unchanged ones are not touched.
     */
    public Future<Void> update(List<VipConfig> next, AnnounceConfig nextAnnounce) {
        List<VipConfig> gone = vips.stream().filter(v -> !next.contains(v)).toList();
        List<VipConfig> added = next.stream().filter(v -> !vips.contains(v)).toList();
        vips = List.copyOf(next);
        boolean announceChanged = !announce.equals(nextAnnounce);
        announce = nextAnnounce;
        if (!holding) {
            return Future.succeededFuture();
        }
        return this.<Void>onKernel(() -> {
            for (VipConfig vip : gone) {
                if (addresses.remove(vip.interfaceName(), vip.address())) {
                    LOG.info("vip {} removed from {} (no longer configured)", vip.address(), vip.interfaceName());
                }
            }
            for (VipConfig vip : added) {
                addresses.add(vip.interfaceName(), vip.address(), vip.label());
                LOG.info("vip {} added on {} (newly configured)", vip.address(), vip.interfaceName());
            }
            return null;
        }).andThen(ar -> {
            if (!added.isEmpty() || announceChanged) {
                startAnnouncing("configuration changed", false);
            }
        });
    }

    @Override
    public Future<Void> reannounce() {
        startAnnouncing("re-announce", false);
        return Future.succeededFuture();
    }

    @Override
    public void holdAnnouncements() {
        cancelTimers();
    }

    /** {@code firstSent}: the burst's first packet of every VIP has gone out already (on taking them). */
    private void startAnnouncing(String why, boolean firstSent) {
        cancelTimers();
        if (!holding || announce.count() == 0 || vips.isEmpty()) {
            // Nothing to announce: a director with no VIP stays silent rather than logging empty bursts.
            return;
        }
        burst(why, firstSent);
        if (!announce.repeatAfter().isZero()) {
            timers.add(vertx.setTimer(announce.repeatAfter().toMillis(), id -> burst("repeat", false)));
        }
        if (!announce.refresh().isZero()) {
            timers.add(vertx.setPeriodic(announce.refresh().toMillis(), id -> burst("refresh", false)));
        }
    }

    /** {@code count} announcements of every VIP, {@code interval} apart; the first one at once (unless sent already). */
    private void burst(String why, boolean firstSent) {
        LOG.info("announcing {} VIP(s): {} packet(s) {} ms apart ({})", vips.size(), announce.count(),
                announce.interval().toMillis(), why);
        if (!firstSent) {
            sendAll();
        }
        for (int i = 1; i < announce.count(); i++) {
            timers.add(vertx.setTimer(Math.max(1, i * announce.interval().toMillis()), id -> sendAll()));
        }
    }

    private void sendAll() {
        if (!holding) {
            return;
        }
        kernel.submit(() -> {
            vips.forEach(this::announceOne);
            return null;
        });
    }

    /** One announcement of {@code vip}; on the kernel thread. */
    private void announceOne(VipConfig vip) {
        try {
            announcer.announce(vip.interfaceName(), vip.address());
            announced.incrementAndGet();
        } catch (java.io.IOException | RuntimeException e) {
            announceFailures.incrementAndGet();
            LOG.warn("vip {} announcement on {} failed: {}", vip.address(), vip.interfaceName(), e.getMessage());
        }
    }

    /** Announcements (gratuitous ARPs, unsolicited NAs) sent since start, for the metrics. */
    public long announcements() {
        return announced.get();
    }

    /** Announcements the kernel refused since start. */
    public long announcementFailures() {
        return announceFailures.get();
    }

    private void emit(VipConfig vip, String state, long epoch) {
        io.vertx.core.json.JsonObject details = new io.vertx.core.json.JsonObject().put("interface", vip.interfaceName());
        if (epoch >= 0) {
            details.put("epoch", epoch);
        }
        events.emit("vip", vip.address().toString(), state, details);
    }

    private void cancelTimers() {
        // A plain loop: a method reference here would be linked on the first takeover, on its clock.
        for (int i = 0; i < timers.size(); i++) {
            vertx.cancelTimer(timers.get(i));
        }
        timers.clear();
    }

    private <T> Future<T> onKernel(KernelThread.Task<T, ?> call) {
        return Future.fromCompletionStage(kernel.submit(call), context);
    }
}
