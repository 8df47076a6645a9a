package io.hearth.promql.engine;

/** Figures for {@code stats=all}: samples loaded and the time spent per phase, in seconds. */
public record QueryStats(long totalQueryableSamples, long peakSamples, double execTotalTime,
    double execQueueTime, double queryPreparationTime, double innerEvalTime, double resultSortTime) {
  public static final QueryStats EMPTY = new QueryStats(0, 0, 0, 0, 0, 0, 0);
}
