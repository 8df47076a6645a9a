package io.hearth.scrape.textparse;

import io.hearth.sharding.api.Labels;

/**
 * An OpenMetrics exemplar, filled by {@link Parser#exemplar(Exemplar)}. A mutable holder the caller
 * owns and reuses; timestamps are milliseconds.
 */
public final class Exemplar {
  public Labels labels = Labels.EMPTY;
  public double value;
  public boolean hasTimestamp;
  public long timestamp;

  @Override
  public String toString() {
    return labels + " " + value + (hasTimestamp ? " " + timestamp : "");
  }
}
