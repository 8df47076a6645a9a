package io.hearth.node.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code --enable-feature}: the names Hearth knows, and how the flag's values are read. As
 * Prometheus does, the flag repeats and each value may be a comma-separated list; an unknown name
 * is not an error but a warning, and is ignored.
 */
public final class Features {
  /** Remote write 2.0 and scrape created timestamps become zero samples (Prometheus 3's spelling). */
  public static final String CREATED_TIMESTAMP_ZERO_INGESTION = "created-timestamp-zero-ingestion";
  /** Accepted for Prometheus command lines; native histograms are always ingested by Hearth. */
  public static final String NATIVE_HISTOGRAMS = "native-histograms";

  /** Every feature name Hearth knows. */
  public static final List<String> KNOWN = List.of(CREATED_TIMESTAMP_ZERO_INGESTION, NATIVE_HISTOGRAMS);

  private Features() {}

  /** The enabled known features, and the unknown names given (to warn about), in order, without repeats. */
  public record Parsed(Set<String> enabled, List<String> unknown) {}

  public static Parsed parse(List<String> values) {
    Set<String> enabled = new LinkedHashSet<>();
    List<String> unknown = new ArrayList<>();
    for (String v : values) {
      for (String name : v.split(",")) {
        String f = name.trim();
        if (f.isEmpty()) continue;
        if (KNOWN.contains(f)) enabled.add(f);
        else if (!unknown.contains(f)) unknown.add(f);
      }
    }
    return new Parsed(enabled, unknown);
  }
}
