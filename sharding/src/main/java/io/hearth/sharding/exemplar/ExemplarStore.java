package io.hearth.sharding.exemplar;

import io.hearth.sharding.api.Exemplar;
import io.hearth.sharding.api.ExemplarStatus;
import io.hearth.sharding.api.Labels;

/**
 * A node's exemplars: bounded, in memory, validated as Prometheus validates them. Thread-safe.
 *
 * <p>Lifecycle: {@link #resize} sets the bound at start and on every configuration reload; 0 turns
 * the store off and drops what it held. Adds and selects may run concurrently with each other and
 * with a resize.
 */
public interface ExemplarStore extends ExemplarQueryable {
  /**
   * The checks that need no stored state: whether the store is on, and the label-set length. What
   * {@link io.hearth.sharding.api.Appender#appendExemplar} answers before staging.
   */
  ExemplarStatus check(Exemplar e);

  /**
   * Keeps {@code e} as the newest exemplar of {@code series}, evicting the oldest exemplar of the
   * node when full. Refused ({@link ExemplarStatus#OUT_OF_ORDER}) when not after the series' newest
   * exemplar; ignored ({@link ExemplarStatus#DUPLICATE}) when the same as it.
   */
  ExemplarStatus add(Labels series, Exemplar e);

  /** Sets the bound; keeps the newest exemplars that fit; 0 turns the store off. */
  void resize(int maxExemplars);

  /** The bound now (0: off). */
  int maxExemplars();

  /** Exemplars held now. */
  int size();
}
