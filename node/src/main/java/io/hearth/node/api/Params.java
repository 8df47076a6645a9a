package io.hearth.node.api;

import io.hearth.node.http.ApiException;
import io.hearth.node.http.ApiRequest;
import io.hearth.sharding.api.text.PromDuration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Prometheus's parameter rules for times and durations, with its error texts. */
final class Params {
  /** Prometheus's minTime/maxTime sentinels for omitted start/end. */
  static final long MIN_TIME_MS = (Long.MIN_VALUE / 1000 + 62135596801L) * 1000;
  static final long MAX_TIME_MS = (Long.MAX_VALUE / 1000 - 62135596801L) * 1000 + 999;

  private Params() {}

  static long time(ApiRequest r, String name, long dflt) {
    String s = r.param(name);
    if (s == null || s.isEmpty()) return dflt;
    try {
      return parseTime(s);
    } catch (IllegalArgumentException e) {
      throw ApiException.badData("invalid parameter \"" + name + "\": " + e.getMessage());
    }
  }

  static long parseTime(String s) {
    try {
      double d = Double.parseDouble(s);
      if (!Double.isNaN(d) && !Double.isInfinite(d) && !s.contains("x") && !s.contains("X")) {
        double secs = Math.floor(d);
        double frac = Math.round((d - secs) * 1000) / 1000.0;
        return (long) secs * 1000 + Math.round(frac * 1000);
      }
    } catch (NumberFormatException ignored) {
      // not a number: try RFC 3339
    }
    try {
      OffsetDateTime t = OffsetDateTime.parse(s);
      return t.toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      // Prometheus accepts its own min/max sentinels as formatted strings
      if (s.equals("-292273086-05-16T16:47:06Z")) return MIN_TIME_MS;
      if (s.equals("292277025-08-18T07:12:54.999999999Z")) return MAX_TIME_MS;
      throw new IllegalArgumentException("cannot parse \"" + s + "\" to a valid timestamp");
    }
  }

  static long duration(ApiRequest r, String name) {
    String s = r.param(name);
    if (s == null || s.isEmpty()) throw ApiException.badData("invalid parameter \"" + name + "\": cannot parse \"\" to a valid duration");
    try {
      return parseDuration(s);
    } catch (IllegalArgumentException e) {
      throw ApiException.badData("invalid parameter \"" + name + "\": " + e.getMessage());
    }
  }

  static long parseDuration(String s) {
    try {
      double d = Double.parseDouble(s);
      if (!Double.isNaN(d) && !Double.isInfinite(d)) {
        double ms = d * 1000;
        if (ms > Long.MAX_VALUE || ms < Long.MIN_VALUE) {
          throw new IllegalArgumentException("cannot parse \"" + s + "\" to a valid duration. It overflows int64");
        }
        return Math.round(ms);
      }
    } catch (NumberFormatException ignored) {
      // not a number: a Prometheus duration
    }
    try {
      return PromDuration.parseMillis(s);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("cannot parse \"" + s + "\" to a valid duration");
    }
  }

  static int limit(ApiRequest r) {
    String s = r.param("limit");
    if (s == null || s.isEmpty()) return 0;
    try {
      int n = Integer.parseInt(s);
      if (n < 0) throw ApiException.badData("limit must be non-negative");
      return n;
    } catch (NumberFormatException e) {
      throw ApiException.badData("cannot parse \"" + s + "\" to a valid limit");
    }
  }
}
