package io.hearth.promql.engine;

import io.hearth.promql.ast.AggregateExpr;
import io.hearth.sharding.api.Labels;
import java.util.ArrayList;
import java.util.List;

/**
 * The grouping of an aggregation ({@code by} or {@code without} and its label names): the key that
 * decides which input series share an output series, and that output series' labels. Immutable and
 * thread-safe.
 */
final class Grouping {
  private final boolean without;
  /** The label names, sorted. */
  private final List<String> names;

  private Grouping(boolean without, List<String> names) {
    List<String> sorted = new ArrayList<>(names);
    sorted.sort(null);
    this.without = without;
    this.names = List.copyOf(sorted);
  }

  /** The grouping written on {@code e}. */
  static Grouping of(AggregateExpr e) {
    return new Grouping(e.without(), e.grouping());
  }

  /**
   * This grouping with {@code label} added to a {@code by} list ({@code count_values}'s output
   * label); a {@code without} grouping is returned unchanged.
   */
  Grouping plusBy(String label) {
    if (without) {
      return this;
    }
    List<String> n = new ArrayList<>(names);
    n.add(label);
    return new Grouping(false, n);
  }

  /** The key shared by every series of {@code l}'s group ("" for {@code by ()}). */
  String key(Labels l) {
    if (!without && names.isEmpty()) {
      return "";
    }
    return LabelText.signature(l, names, !without, without ? LabelText.NAME : null);
  }

  /** The labels of the output series of {@code l}'s group. */
  Labels labels(Labels l) {
    if (without) {
      Labels.Builder b = l.toBuilder();
      for (String n : names) {
        b.del(n);
      }
      b.del(LabelText.NAME);
      return b.build();
    }
    if (names.isEmpty()) {
      return Labels.EMPTY;
    }
    return l.toBuilder().keep(names).build();
  }
}
