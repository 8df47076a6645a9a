package io.hearth.node.rules;

/** A rule evaluation that failed; the message is the rule's {@code lastError}, as Prometheus words it. */
public final class RuleEvalException extends Exception {
  public RuleEvalException(String message) {
    super(message, null, false, false);
  }
}
