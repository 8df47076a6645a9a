package io.hearth.promql.ast;

/** The type an expression evaluates to, named as Prometheus names it in error messages. */
public enum ValueType {
  NONE("none"),
  SCALAR("scalar"),
  VECTOR("instant vector"),
  MATRIX("range vector"),
  STRING("string");

  private final String text;

  ValueType(String text) {
    this.text = text;
  }

  /** Prometheus's name, e.g. {@code instant vector}, as used in {@code expected type ... got ...}. */
  public String text() {
    return text;
  }

  /** Prometheus's documented name ({@code scalar}, {@code vector}, {@code matrix}, {@code string}). */
  public String apiName() {
    switch (this) {
      case VECTOR: return "vector";
      case MATRIX: return "matrix";
      default: return text;
    }
  }

  @Override
  public String toString() {
    return text;
  }
}
