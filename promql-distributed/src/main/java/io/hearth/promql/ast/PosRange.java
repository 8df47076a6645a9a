package io.hearth.promql.ast;

/**
 * A half-open range {@code [start, end)} of character offsets (UTF-16 indices) in the query text.
 * Use {@link io.hearth.promql.parser.Positions} to turn an offset into Prometheus's {@code line:col}.
 */
public record PosRange(int start, int end) {
  /** The position of nodes that were not parsed from text. */
  public static final PosRange NONE = new PosRange(-1, -1);

  /** The range spanning from the start of {@code first} to the end of {@code last}. */
  public static PosRange span(PosRange first, PosRange last) {
    return new PosRange(first.start, last.end);
  }
}
