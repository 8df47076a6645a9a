package io.hearth.promql.promqltest;

import io.hearth.promql.notation.SequenceValue;
import io.hearth.sharding.api.Labels;
import java.util.List;
import java.util.Map;

/** A command of a script (README §1): {@code clear}, {@code load} or {@code eval}. */
sealed interface Command permits Command.Clear, Command.Load, EvalCommand {
  /** 1-based line of the command in its file. */
  int line();

  /** {@code clear}: drop all data. */
  record Clear(int line) implements Command {}

  /**
   * {@code load <interval>} (or {@code load_with_nhcb}): the value at position k of each series
   * is stored at {@code k * intervalMs}. A later line for the same labels replaced earlier ones.
   */
  record Load(int line, long intervalMs, boolean withNhcb, Map<Labels, List<SequenceValue>> series)
      implements Command {}
}
