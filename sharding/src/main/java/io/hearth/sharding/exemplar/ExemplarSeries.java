package io.hearth.sharding.exemplar;

import io.hearth.sharding.api.Exemplar;
import io.hearth.sharding.api.Labels;
import java.util.List;

/** A series and its exemplars in a time range, oldest first: one entry of a {@code query_exemplars} answer. */
public record ExemplarSeries(Labels seriesLabels, List<Exemplar> exemplars) {
  public ExemplarSeries {
    exemplars = List.copyOf(exemplars);
  }
}
