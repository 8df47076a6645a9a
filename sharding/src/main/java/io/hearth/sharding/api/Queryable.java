package io.hearth.sharding.api;

/** Something that can be read: a head, a whole node's store, the cluster. Thread-safe. */
public interface Queryable {
  /** A querier over {@code [mint, maxt]} in milliseconds, both inclusive. */
  Querier querier(long mint, long maxt);

  /** How this storage reports changes to its older data, for results caches: untracked unless it says. */
  default SettledData settledData() {
    return SettledData.UNTRACKED;
  }
}
