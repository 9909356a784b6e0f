package io.ipvsdirector.cluster;

import io.vertx.core.Future;

/**
 * What the role means for the VIPs, implemented by the vip package. The cluster calls it on its own
 * context and waits for each future before the next call, so calls never overlap.
 */
public interface VipOwnership {
    /** Owns nothing: the witness. */
    VipOwnership NONE = new VipOwnership() {
        @Override
        public Future<Void> clearStale() {
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> acquire(long epoch) {
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> release() {
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> reannounce() {
            return Future.succeededFuture();
        }

        @Override
        public void holdAnnouncements() {
        }
    };

    /** At start, before any election: remove VIPs a previous run may have left behind. */
    Future<Void> clearStale();

    /** Add every VIP (adopting those already present) and announce them. */
    Future<Void> acquire(long epoch);

    /** Remove every VIP this director holds. */
    Future<Void> release();

    /** Announce every held VIP again, as on taking them (after a partition heals or a freeze). */
    Future<Void> reannounce();

    /** Stop announcing (pending bursts and refresh) but keep the VIPs, until {@link #reannounce}. */
    void holdAnnouncements();
}
