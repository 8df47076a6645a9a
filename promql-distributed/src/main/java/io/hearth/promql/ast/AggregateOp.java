package io.hearth.promql.ast;

/** The aggregation operators. Those with a parameter take it as the first argument. */
public enum AggregateOp {
  SUM("sum", false, false),
  AVG("avg", false, false),
  COUNT("count", false, false),
  MIN("min", false, false),
  MAX("max", false, false),
  GROUP("group", false, false),
  STDDEV("stddev", false, false),
  STDVAR("stdvar", false, false),
  TOPK("topk", true, false),
  BOTTOMK("bottomk", true, false),
  COUNT_VALUES("count_values", true, false),
  QUANTILE("quantile", true, false),
  LIMITK("limitk", true, true),
  LIMIT_RATIO("limit_ratio", true, true);

  /** The keyword as written in queries. */
  public final String keyword;
  /** Whether the operator takes a parameter ({@code topk(3, x)}). */
  public final boolean hasParam;
  /** Whether Prometheus gates the operator behind experimental functions. */
  public final boolean experimental;

  AggregateOp(String keyword, boolean hasParam, boolean experimental) {
    this.keyword = keyword;
    this.hasParam = hasParam;
    this.experimental = experimental;
  }

  /** The operator for a keyword (case-insensitive, as the lexer is), or null. */
  public static AggregateOp of(String word) {
    String w = word.toLowerCase(java.util.Locale.ROOT);
    for (AggregateOp op : values()) {
      if (op.keyword.equals(w)) {
        return op;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return keyword;
  }
}
