package io.hearth.node.rules;

import java.time.Duration;
import java.util.Map;

/**
 * One rule as written in a rule file. Exactly one of {@code record} and {@code alert} is non-empty
 * in a valid file. Label and annotation maps keep the file's order. Immutable.
 */
public record RuleSpec(String record, String alert, String expr, Duration forDuration, Duration keepFiringFor,
    Map<String, String> labels, Map<String, String> annotations) {
  public boolean isAlert() {
    return !alert.isEmpty();
  }

  public String name() {
    return isAlert() ? alert : record;
  }
}
