package io.hearth.node.rules;

import java.time.Duration;
import java.util.List;

/**
 * One rule group as written in a rule file. {@code interval} and {@code queryOffset} are null when
 * the file does not set them (the global defaults apply). Immutable.
 */
public record GroupSpec(String file, String name, Duration interval, int limit, Duration queryOffset, List<RuleSpec> rules) {
  /** Prometheus's group key, {@code file;name}, as in the {@code rule_group} metric label. */
  public String key() {
    return file + ";" + name;
  }
}
