package io.hearth.promql.ast;

/** How the series of the two sides of a vector binary operation correspond. */
public enum VectorMatchCardinality {
  ONE_TO_ONE("one-to-one"),
  MANY_TO_ONE("many-to-one"),
  ONE_TO_MANY("one-to-many"),
  MANY_TO_MANY("many-to-many");

  public final String text;

  VectorMatchCardinality(String text) {
    this.text = text;
  }

  @Override
  public String toString() {
    return text;
  }
}
