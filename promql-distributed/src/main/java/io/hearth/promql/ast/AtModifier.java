package io.hearth.promql.ast;

/**
 * The {@code @} modifier of a selector or subquery: a fixed time, or the query's start or end.
 *
 * @param timestampMs the fixed time in Unix milliseconds; meaningful only for {@link Kind#TIMESTAMP}
 */
public record AtModifier(Kind kind, long timestampMs) {
  /** What the modifier refers to. */
  public enum Kind {
    TIMESTAMP, START, END
  }

  public static final AtModifier START = new AtModifier(Kind.START, 0);
  public static final AtModifier END = new AtModifier(Kind.END, 0);

  public static AtModifier at(long timestampMs) {
    return new AtModifier(Kind.TIMESTAMP, timestampMs);
  }

  /** The time this modifier pins evaluation to, given the query's start and end. */
  public long resolve(long queryStartMs, long queryEndMs) {
    switch (kind) {
      case START: return queryStartMs;
      case END: return queryEndMs;
      default: return timestampMs;
    }
  }

  /** As printed after a selector: {@code " @ 123.000"}, {@code " @ start()"}, {@code " @ end()"}. */
  @Override
  public String toString() {
    switch (kind) {
      case START: return " @ start()";
      case END: return " @ end()";
      default: return " @ " + Printing.millisAsSeconds(timestampMs);
    }
  }
}
