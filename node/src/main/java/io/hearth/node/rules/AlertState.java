package io.hearth.node.rules;

/** An alert's state; a rule's state is the highest of its alerts'. Ordered by severity. */
public enum AlertState {
  INACTIVE("inactive"), PENDING("pending"), FIRING("firing");

  public final String text;

  AlertState(String text) {
    this.text = text;
  }
}
