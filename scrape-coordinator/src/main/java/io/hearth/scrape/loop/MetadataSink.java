package io.hearth.scrape.loop;

import io.hearth.sharding.api.Labels;

/**
 * Receives the metric metadata ({@code # TYPE}, {@code # HELP}, {@code # UNIT}) a target exposed,
 * after each scrape whose samples were stored. Called from scrape worker threads (one scrape of a
 * loop at a time, several loops at once): implementations must be thread-safe and quick.
 */
public interface MetadataSink {
  /**
   * One metric family's metadata. {@code type} is Prometheus's name ({@code unknown} when only a
   * HELP or UNIT line was given); {@code help} and {@code unit} are empty when absent.
   *
   * @param target the target's public labels (those served as {@code labels} by /api/v1/targets)
   */
  void metadata(Labels target, String family, String type, String help, String unit);

  /** All families of one successful scrape of {@code target} were delivered; {@code families} is their count. */
  default void scrapeDone(Labels target, int families) {}
}
