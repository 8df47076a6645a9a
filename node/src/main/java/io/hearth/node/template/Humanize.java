package io.hearth.node.template;

import io.hearth.sharding.api.text.GoQuote;
import io.hearth.sharding.api.text.PromDuration;
import java.util.List;

/**
 * Prometheus's number-formatting template functions ({@code humanize}, {@code humanize1024},
 * {@code humanizeDuration}, {@code humanizePercentage}, {@code humanizeTimestamp},
 * {@code toTime}, {@code toDuration}), with its rounding ({@code %.4g}) and SI prefixes.
 */
final class Humanize {
  private static final String[] BIG = {"k", "M", "G", "T", "P", "E", "Z", "Y"};
  private static final String[] SMALL = {"m", "u", "n", "p", "f", "a", "z", "y"};
  private static final String[] BINARY = {"ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"};

  private Humanize() {}

  static Object call(String fn, List<Object> a) throws Functions.CallError {
    if (a.size() != 1) {
      if (!Functions.all().contains(fn)) throw new Functions.CallError("function \"" + fn + "\" not defined");
      throw new Functions.CallError("wrong number of args for " + fn + ": want 1 got " + a.size());
    }
    double v = toFloat(fn, a.get(0));
    switch (fn) {
      case "humanize": return humanize(v);
      case "humanize1024": return humanize1024(v);
      case "humanizeDuration": return duration(v);
      case "humanizePercentage": return g4(v * 100) + "%";
      case "humanizeTimestamp": {
        if (Double.isNaN(v) || Double.isInfinite(v)) return g4(v);
        checkTimeRange(fn, v);
        return Functions.goTime(v);
      }
      case "toTime": {
        checkTimeRange(fn, v);
        return Functions.goTime(v);
      }
      case "toDuration": return PromDuration.format(java.time.Duration.ofMillis(Math.round(v * 1000)));
      default: throw new Functions.CallError("function \"" + fn + "\" not defined");
    }
  }

  private static void checkTimeRange(String fn, double v) throws Functions.CallError {
    if (Double.isNaN(v) || Double.isInfinite(v)) throw new Functions.CallError("error calling " + fn + ": value is NaN or Inf");
    if (v * 1e9 > Long.MAX_VALUE || v * 1e9 < Long.MIN_VALUE) {
      throw new Functions.CallError("error calling " + fn + ": time out of range");
    }
  }

  /** Prometheus's {@code convertToFloat}: numbers, and strings that parse as floats. */
  static double toFloat(String fn, Object o) throws Functions.CallError {
    if (o instanceof Double d) return d;
    if (o instanceof Long l) return l;
    if (o instanceof String s) {
      try {
        return io.hearth.scrape.gofmt.GoFloat.parse(s);
      } catch (RuntimeException e) {
        throw new Functions.CallError("error calling " + fn + ": strconv.ParseFloat: parsing "
            + GoQuote.quote(s) + ": invalid syntax");
      }
    }
    throw new Functions.CallError("error calling " + fn + ": can't convert " + GoValues.typeName(o) + " to float");
  }

  private static String g4(double v) {
    return GoValues.formatG(v, 4);
  }

  static String humanize(double v) {
    if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) return g4(v);
    String prefix = "";
    if (Math.abs(v) >= 1) {
      for (String p : BIG) {
        if (Math.abs(v) < 1000) break;
        prefix = p;
        v /= 1000;
      }
      return g4(v) + prefix;
    }
    for (String p : SMALL) {
      if (Math.abs(v) >= 1) break;
      prefix = p;
      v *= 1000;
    }
    return g4(v) + prefix;
  }

  static String humanize1024(double v) {
    if (Math.abs(v) <= 1 || Double.isNaN(v) || Double.isInfinite(v)) return g4(v);
    String prefix = "";
    for (String p : BINARY) {
      if (Math.abs(v) < 1024) break;
      prefix = p;
      v /= 1024;
    }
    return g4(v) + prefix;
  }

  static String duration(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) return g4(v);
    if (v == 0) return g4(v) + "s";
    if (Math.abs(v) >= 1) {
      String sign = "";
      if (v < 0) {
        sign = "-";
        v = -v;
      }
      long d = (long) v;
      long seconds = d % 60;
      long minutes = (d / 60) % 60;
      long hours = (d / 60 / 60) % 24;
      long days = d / 60 / 60 / 24;
      if (days != 0) return sign + days + "d " + hours + "h " + minutes + "m " + seconds + "s";
      if (hours != 0) return sign + hours + "h " + minutes + "m " + seconds + "s";
      if (minutes != 0) return sign + minutes + "m " + seconds + "s";
      return sign + g4(v) + "s";
    }
    String prefix = "";
    for (String p : SMALL) {
      if (Math.abs(v) >= 1) break;
      prefix = p;
      v *= 1000;
    }
    return g4(v) + prefix + "s";
  }
}
