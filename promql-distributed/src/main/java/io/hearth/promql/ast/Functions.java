package io.hearth.promql.ast;

import static io.hearth.promql.ast.ValueType.MATRIX;
import static io.hearth.promql.ast.ValueType.SCALAR;
import static io.hearth.promql.ast.ValueType.STRING;
import static io.hearth.promql.ast.ValueType.VECTOR;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The table of every function of Prometheus 3.x (names are case-sensitive, as in Prometheus).
 * {@code holt_winters} was renamed {@code double_exponential_smoothing} in 3.0 and is not accepted.
 */
public final class Functions {
  private static final Map<String, Function> BY_NAME = new TreeMap<>();

  static {
    for (String n : new String[] {"abs", "absent", "acos", "acosh", "asin", "asinh", "atan", "atanh",
        "ceil", "cos", "cosh", "deg", "exp", "floor", "histogram_avg", "histogram_count",
        "histogram_sum", "histogram_stddev", "histogram_stdvar", "ln", "log10", "log2", "rad", "sgn",
        "sin", "sinh", "sort", "sort_desc", "sqrt", "tan", "tanh", "timestamp"}) {
      add(n, VECTOR, 0, false, VECTOR);
    }
    for (String n : new String[] {"absent_over_time", "avg_over_time", "changes", "count_over_time",
        "delta", "deriv", "idelta", "increase", "irate", "last_over_time", "max_over_time",
        "min_over_time", "present_over_time", "rate", "resets", "stddev_over_time",
        "stdvar_over_time", "sum_over_time"}) {
      add(n, VECTOR, 0, false, MATRIX);
    }
    for (String n : new String[] {"first_over_time", "mad_over_time", "ts_of_first_over_time",
        "ts_of_last_over_time", "ts_of_max_over_time", "ts_of_min_over_time"}) {
      add(n, VECTOR, 0, true, MATRIX);
    }
    for (String n : new String[] {"day_of_month", "day_of_week", "day_of_year", "days_in_month",
        "hour", "minute", "month", "year"}) {
      add(n, VECTOR, 1, false, VECTOR);
    }
    add("clamp", VECTOR, 0, false, VECTOR, SCALAR, SCALAR);
    add("clamp_max", VECTOR, 0, false, VECTOR, SCALAR);
    add("clamp_min", VECTOR, 0, false, VECTOR, SCALAR);
    add("double_exponential_smoothing", VECTOR, 0, true, MATRIX, SCALAR, SCALAR);
    add("histogram_fraction", VECTOR, 0, false, SCALAR, SCALAR, VECTOR);
    add("histogram_quantile", VECTOR, 0, false, SCALAR, VECTOR);
    add("histogram_quantiles", VECTOR, 9, true, VECTOR, STRING, SCALAR, SCALAR);
    add("info", VECTOR, 1, true, VECTOR, VECTOR);
    add("integral", VECTOR, 1, true, MATRIX, SCALAR);
    add("label_join", VECTOR, -1, false, VECTOR, STRING, STRING, STRING);
    add("label_replace", VECTOR, 0, false, VECTOR, STRING, STRING, STRING, STRING);
    add("predict_linear", VECTOR, 0, false, MATRIX, SCALAR);
    add("quantile_over_time", VECTOR, 0, false, SCALAR, MATRIX);
    add("round", VECTOR, 1, false, VECTOR, SCALAR);
    add("scalar", SCALAR, 0, false, VECTOR);
    add("sort_by_label", VECTOR, -1, true, VECTOR, STRING);
    add("sort_by_label_desc", VECTOR, -1, true, VECTOR, STRING);
    add("vector", VECTOR, 0, false, SCALAR);
    add("min_of", SCALAR, 0, true, SCALAR, SCALAR);
    add("max_of", SCALAR, 0, true, SCALAR, SCALAR);
    add("start_timestamp", VECTOR, 0, true, VECTOR);
    add("pi", SCALAR, 0, false);
    add("time", SCALAR, 0, false);
    add("start", SCALAR, 0, true);
    add("end", SCALAR, 0, true);
    add("range", SCALAR, 0, true);
    add("step", SCALAR, 0, true);
  }

  private Functions() {}

  private static void add(String name, ValueType ret, int variadic, boolean experimental, ValueType... args) {
    BY_NAME.put(name, new Function(name, List.of(args), variadic, ret, experimental));
  }

  /** The function with exactly this name, or null. */
  public static Function lookup(String name) {
    return BY_NAME.get(name);
  }

  /** Every function, sorted by name. */
  public static Collection<Function> all() {
    return Collections.unmodifiableCollection(BY_NAME.values());
  }
}
