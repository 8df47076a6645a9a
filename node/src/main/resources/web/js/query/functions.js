// PromQL's functions, aggregations and keywords, for completion.

/** [name, signature] of every PromQL function. */
export const FUNCTIONS = [
  ['abs', 'abs(v instant-vector)'], ['absent', 'absent(v instant-vector)'], ['absent_over_time', 'absent_over_time(v range-vector)'],
  ['acos', 'acos(v instant-vector)'], ['acosh', 'acosh(v instant-vector)'], ['asin', 'asin(v instant-vector)'],
  ['asinh', 'asinh(v instant-vector)'], ['atan', 'atan(v instant-vector)'], ['atanh', 'atanh(v instant-vector)'],
  ['avg_over_time', 'avg_over_time(v range-vector)'], ['ceil', 'ceil(v instant-vector)'], ['changes', 'changes(v range-vector)'],
  ['clamp', 'clamp(v instant-vector, min scalar, max scalar)'], ['clamp_max', 'clamp_max(v instant-vector, max scalar)'],
  ['clamp_min', 'clamp_min(v instant-vector, min scalar)'], ['cos', 'cos(v instant-vector)'], ['cosh', 'cosh(v instant-vector)'],
  ['count_over_time', 'count_over_time(v range-vector)'], ['day_of_month', 'day_of_month(v=vector(time()))'],
  ['day_of_week', 'day_of_week(v=vector(time()))'], ['day_of_year', 'day_of_year(v=vector(time()))'],
  ['days_in_month', 'days_in_month(v=vector(time()))'], ['deg', 'deg(v instant-vector)'], ['delta', 'delta(v range-vector)'],
  ['deriv', 'deriv(v range-vector)'], ['double_exponential_smoothing', 'double_exponential_smoothing(v range-vector, sf scalar, tf scalar)'],
  ['exp', 'exp(v instant-vector)'], ['floor', 'floor(v instant-vector)'], ['histogram_avg', 'histogram_avg(v instant-vector)'],
  ['histogram_count', 'histogram_count(v instant-vector)'], ['histogram_fraction', 'histogram_fraction(lower scalar, upper scalar, v instant-vector)'],
  ['histogram_quantile', 'histogram_quantile(φ scalar, b instant-vector)'], ['histogram_stddev', 'histogram_stddev(v instant-vector)'],
  ['histogram_stdvar', 'histogram_stdvar(v instant-vector)'], ['histogram_sum', 'histogram_sum(v instant-vector)'],
  ['hour', 'hour(v=vector(time()))'],
  ['idelta', 'idelta(v range-vector)'], ['increase', 'increase(v range-vector)'], ['irate', 'irate(v range-vector)'],
  ['label_join', 'label_join(v instant-vector, dst string, sep string, src...)'],
  ['label_replace', 'label_replace(v instant-vector, dst string, replacement string, src string, regex string)'],
  ['last_over_time', 'last_over_time(v range-vector)'], ['ln', 'ln(v instant-vector)'], ['log10', 'log10(v instant-vector)'],
  ['log2', 'log2(v instant-vector)'], ['mad_over_time', 'mad_over_time(v range-vector)'], ['max_over_time', 'max_over_time(v range-vector)'],
  ['min_over_time', 'min_over_time(v range-vector)'], ['minute', 'minute(v=vector(time()))'], ['month', 'month(v=vector(time()))'],
  ['pi', 'pi()'], ['predict_linear', 'predict_linear(v range-vector, t scalar)'], ['present_over_time', 'present_over_time(v range-vector)'],
  ['quantile_over_time', 'quantile_over_time(φ scalar, v range-vector)'], ['rad', 'rad(v instant-vector)'], ['rate', 'rate(v range-vector)'],
  ['resets', 'resets(v range-vector)'], ['round', 'round(v instant-vector, to_nearest=1 scalar)'], ['scalar', 'scalar(v instant-vector)'],
  ['sgn', 'sgn(v instant-vector)'], ['sin', 'sin(v instant-vector)'], ['sinh', 'sinh(v instant-vector)'], ['sort', 'sort(v instant-vector)'],
  ['sort_by_label', 'sort_by_label(v instant-vector, label string, ...)'], ['sort_by_label_desc', 'sort_by_label_desc(v instant-vector, label string, ...)'],
  ['sort_desc', 'sort_desc(v instant-vector)'], ['sqrt', 'sqrt(v instant-vector)'], ['stddev_over_time', 'stddev_over_time(v range-vector)'],
  ['stdvar_over_time', 'stdvar_over_time(v range-vector)'], ['sum_over_time', 'sum_over_time(v range-vector)'], ['tan', 'tan(v instant-vector)'],
  ['tanh', 'tanh(v instant-vector)'], ['time', 'time()'], ['timestamp', 'timestamp(v instant-vector)'], ['vector', 'vector(s scalar)'],
  ['year', 'year(v=vector(time()))'],
  // Experimental in Prometheus 3.x (feature flags there); Hearth's engine accepts them.
  ['end', 'end()'], ['first_over_time', 'first_over_time(v range-vector)'],
  ['histogram_quantiles', 'histogram_quantiles(v instant-vector, label string, φ scalar, ...)'],
  ['info', 'info(v instant-vector, [data-label-selector instant-vector])'], ['integral', 'integral(v range-vector, [n scalar])'],
  ['max_of', 'max_of(a scalar, b scalar)'], ['min_of', 'min_of(a scalar, b scalar)'], ['range', 'range()'], ['start', 'start()'],
  ['start_timestamp', 'start_timestamp(v instant-vector)'], ['step', 'step()'],
  ['ts_of_first_over_time', 'ts_of_first_over_time(v range-vector)'], ['ts_of_last_over_time', 'ts_of_last_over_time(v range-vector)'],
  ['ts_of_max_over_time', 'ts_of_max_over_time(v range-vector)'], ['ts_of_min_over_time', 'ts_of_min_over_time(v range-vector)'],
];

/** [name, signature] of the aggregation operators. */
export const AGGREGATIONS = [
  ['sum', 'sum by (labels) (v)'], ['avg', 'avg by (labels) (v)'], ['min', 'min by (labels) (v)'], ['max', 'max by (labels) (v)'],
  ['count', 'count by (labels) (v)'], ['group', 'group by (labels) (v)'], ['stddev', 'stddev by (labels) (v)'],
  ['stdvar', 'stdvar by (labels) (v)'], ['topk', 'topk(k, v)'], ['bottomk', 'bottomk(k, v)'], ['quantile', 'quantile(φ, v)'],
  ['count_values', 'count_values("label", v)'], ['limitk', 'limitk(k, v)'], ['limit_ratio', 'limit_ratio(r, v)'],
];

/** Keywords and binary operators spelled as words. */
export const KEYWORDS = ['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'offset', 'bool', 'and', 'or', 'unless', 'atan2'];
