package io.hearth.node.ha;

import io.hearth.node.remote.InvalidSeriesReason;
import io.hearth.node.remote.WriteSink;
import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.StorageException;
import io.hearth.sharding.api.text.GoQuote;
import io.hearth.sharding.api.text.MetricType;

/**
 * One request's HA decision between the decoder and the storage sink. The first series decides:
 * without both the cluster and the replica label, everything passes unchanged; from the elected
 * replica, every series passes without the replica label; from another replica, nothing passes and
 * the samples are only counted. When the election cannot be read or written, the first series
 * throws {@link StorageException.Unavailable} naming the cluster and replica: the request is neither
 * stored nor dropped, and is answered 503. The labels are looked at once per series (the decoder's {@link
 * Labels}), nothing is made per sample, and a series is copied only to drop its replica label.
 * Not thread-safe: one per request.
 */
public final class ReplicaFilter implements WriteSink {
  private enum State {
    UNDECIDED, PASS, STRIP, DROP
  }

  private final HaDedup dedup;
  private final WriteSink down;
  private State state = State.UNDECIDED;
  private String cluster;
  private long droppedSamples;
  private long droppedHistograms;

  ReplicaFilter(HaDedup dedup, WriteSink down) {
    this.dedup = dedup;
    this.down = down;
  }

  /** Whether the request came from a replica that is not the elected one (nothing of it was passed on). */
  public boolean dropped() {
    return state == State.DROP;
  }

  /** The request's HA cluster, or null when it carried no HA labels. */
  public String cluster() {
    return cluster;
  }

  /** Float samples and histograms dropped; call once, after the decode returned. */
  public long finish() {
    if (state == State.DROP) dedup.dropped(cluster, droppedSamples, droppedHistograms);
    return droppedSamples + droppedHistograms;
  }

  @Override
  public void series(Labels labels) {
    if (state == State.UNDECIDED) decide(labels);
    switch (state) {
      case DROP -> { }
      case STRIP -> down.series(withoutLabel(labels, dedup.replicaLabel()));
      default -> down.series(labels);
    }
  }

  private void decide(Labels first) {
    String c = first.get(dedup.clusterLabel());
    String r = first.get(dedup.replicaLabel());
    if (c.isEmpty() || r.isEmpty()) { // Labels.get answers "" for a missing label
      state = State.PASS;
      return;
    }
    cluster = c;
    try {
      state = dedup.admit(c, r) ? State.STRIP : State.DROP;
    } catch (StorageException.Unavailable e) {
      // Nothing of the request may be stored nor dropped as a duplicate: the sender retries.
      throw new StorageException.Unavailable("cannot tell whether replica " + GoQuote.quote(r) + " of HA cluster " + GoQuote.quote(c)
          + " is the elected one: " + e.getMessage(), e);
    }
  }

  /** {@code labels} without {@code name}; the same object when it has no such label. */
  static Labels withoutLabel(Labels labels, String name) {
    int n = labels.size();
    int at = -1;
    for (int i = 0; i < n && at < 0; i++) {
      if (labels.name(i).equals(name)) at = i;
    }
    if (at < 0) return labels;
    String[] pairs = new String[2 * (n - 1)];
    int p = 0;
    for (int i = 0; i < n; i++) {
      if (i == at) continue;
      pairs[p++] = labels.name(i);
      pairs[p++] = labels.value(i);
    }
    return Labels.ofSortedPairsUnchecked(pairs);
  }

  @Override
  public void sample(long t, double v) {
    if (state == State.DROP) droppedSamples++;
    else down.sample(t, v);
  }

  @Override
  public void histogram(long t, FloatHistogram h) {
    if (state == State.DROP) droppedHistograms++;
    else down.histogram(t, h);
  }

  @Override
  public void exemplar(Labels labels, double value, long timestamp) {
    if (state != State.DROP) down.exemplar(labels, value, timestamp);
  }

  @Override
  public void createdTimestamp(long createdMs) {
    if (state != State.DROP) down.createdTimestamp(createdMs);
  }

  @Override
  public void metadata(String metricFamilyName, MetricType type, String help, String unit) {
    if (state != State.DROP) down.metadata(metricFamilyName, type, help, unit);
  }

  @Override
  public void invalidSeries(InvalidSeriesReason reason, String message, int samples, int histograms) {
    down.invalidSeries(reason, message, samples, histograms);
  }
}
