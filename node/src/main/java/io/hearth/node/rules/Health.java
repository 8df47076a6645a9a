package io.hearth.node.rules;

/** A rule's health as the rules API reports it. */
public enum Health {
  UNKNOWN("unknown"), OK("ok"), ERR("err");

  public final String text;

  Health(String text) {
    this.text = text;
  }
}
