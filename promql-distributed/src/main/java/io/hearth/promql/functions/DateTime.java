package io.hearth.promql.functions;

import java.time.LocalDate;

/**
 * The calendar functions ({@code year}, {@code month}, {@code day_of_month}, ...) over Unix seconds
 * in UTC, computed from the civil date without allocating.
 */
public final class DateTime {
  public static final int YEAR = 0;
  public static final int MONTH = 1;
  public static final int DAY_OF_MONTH = 2;
  public static final int DAY_OF_WEEK = 3;
  public static final int DAY_OF_YEAR = 4;
  public static final int DAYS_IN_MONTH = 5;
  public static final int HOUR = 6;
  public static final int MINUTE = 7;

  private DateTime() {}

  /** The code for a function name, or -1. */
  public static int code(String function) {
    switch (function) {
      case "year": return YEAR;
      case "month": return MONTH;
      case "day_of_month": return DAY_OF_MONTH;
      case "day_of_week": return DAY_OF_WEEK;
      case "day_of_year": return DAY_OF_YEAR;
      case "days_in_month": return DAYS_IN_MONTH;
      case "hour": return HOUR;
      case "minute": return MINUTE;
      default: return -1;
    }
  }

  /** The field {@code code} of the instant {@code seconds} (truncated towards zero, as Go's {@code int64(f)}). */
  public static double apply(int code, double seconds) {
    long s = (long) seconds;
    long days = Math.floorDiv(s, 86400L);
    long secOfDay = Math.floorMod(s, 86400L);
    switch (code) {
      case HOUR: return secOfDay / 3600;
      case MINUTE: return (secOfDay % 3600) / 60;
      case DAY_OF_WEEK: return Math.floorMod(days + 4, 7L);
      default: break;
    }
    LocalDate d = LocalDate.ofEpochDay(days);
    switch (code) {
      case YEAR: return d.getYear();
      case MONTH: return d.getMonthValue();
      case DAY_OF_MONTH: return d.getDayOfMonth();
      case DAY_OF_YEAR: return d.getDayOfYear();
      case DAYS_IN_MONTH: return d.lengthOfMonth();
      default: throw new IllegalArgumentException("unknown date function code " + code);
    }
  }
}
