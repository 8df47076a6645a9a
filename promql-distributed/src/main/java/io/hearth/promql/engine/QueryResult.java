package io.hearth.promql.engine;

import io.hearth.promql.value.Value;
import java.util.List;

/**
 * The outcome of a successful query: the value plus annotations as Prometheus 3.x renders them
 * ({@code PromQL warning: ... (1:5)} / {@code PromQL info: ...}) and statistics.
 */
public record QueryResult(Value value, List<String> warnings, List<String> infos, QueryStats stats) {}
