package io.hearth.promql.parser;

/**
 * Which experimental PromQL features the parser accepts (Prometheus's parser options and feature
 * flags). {@link #ALL} enables everything, as the upstream test scripts do.
 *
 * @param experimentalFunctions functions and aggregations marked experimental ({@code limitk},
 *     {@code info}, {@code sort_by_label}, ...)
 * @param durationExpressions arithmetic, {@code step()}, {@code range()}, {@code min_of}/{@code
 *     max_of} in ranges, steps and offsets
 * @param extendedRangeSelectors the {@code anchored} and {@code smoothed} modifiers
 * @param fillModifiers the {@code fill}, {@code fill_left} and {@code fill_right} binary modifiers
 */
public record ParserOptions(
    boolean experimentalFunctions,
    boolean durationExpressions,
    boolean extendedRangeSelectors,
    boolean fillModifiers) {
  public static final ParserOptions ALL = new ParserOptions(true, true, true, true);
  public static final ParserOptions NONE = new ParserOptions(false, false, false, false);
}
