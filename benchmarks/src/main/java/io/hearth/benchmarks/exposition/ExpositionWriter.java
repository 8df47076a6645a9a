package io.hearth.benchmarks.exposition;

/**
 * Writes metric families as Prometheus text 0.0.4 or OpenMetrics 1.0.0, the way client_golang
 * does: in the text format a counter's HELP/TYPE name carries the {@code _total} suffix, in
 * OpenMetrics the family name does not and the body ends with {@code # EOF}. Values are written
 * with Go's {@code %g}-like exponent form ({@code 1.5e+10}) so the parsers see what real targets send.
 */
public final class ExpositionWriter {
  /** The two text formats. */
  public enum Format {
    TEXT("text/plain; version=0.0.4; charset=utf-8"),
    OPENMETRICS("application/openmetrics-text; version=1.0.0; charset=utf-8");

    private final String contentType;

    Format(String contentType) {
      this.contentType = contentType;
    }

    public String contentType() {
      return contentType;
    }
  }

  private final Format format;
  private final StringBuilder sb;
  private int samples;

  public ExpositionWriter(Format format, StringBuilder sb) {
    this.format = format;
    this.sb = sb;
  }

  public Format format() {
    return format;
  }

  /** Samples written so far (histogram and summary lines each count as one, as scrapes count them). */
  public int samples() {
    return samples;
  }

  /** HELP and TYPE for a counter; {@code base} has no {@code _total}. */
  public ExpositionWriter counterFamily(String base, String help) {
    return family(format == Format.TEXT ? base + "_total" : base, "counter", help);
  }

  public ExpositionWriter gaugeFamily(String name, String help) {
    return family(name, "gauge", help);
  }

  /** HELP and TYPE for an untyped metric ({@code unknown} in OpenMetrics). */
  public ExpositionWriter unknownFamily(String name, String help) {
    return family(name, format == Format.TEXT ? "untyped" : "unknown", help);
  }

  public ExpositionWriter histogramFamily(String name, String help) {
    return family(name, "histogram", help);
  }

  public ExpositionWriter summaryFamily(String name, String help) {
    return family(name, "summary", help);
  }

  private ExpositionWriter family(String name, String type, String help) {
    sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
    sb.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    return this;
  }

  /** A counter sample: {@code base_total{labels} value}. {@code labels} is the inside of the braces or empty. */
  public ExpositionWriter counter(String base, String labels, double value) {
    return sample(base + "_total", labels, value);
  }

  /** Any sample line. {@code labels} is the inside of the braces (e.g. {@code cpu="0",mode="idle"}) or empty. */
  public ExpositionWriter sample(String name, String labels, double value) {
    sb.append(name);
    if (!labels.isEmpty()) sb.append('{').append(labels).append('}');
    sb.append(' ');
    appendValue(sb, value);
    sb.append('\n');
    samples++;
    return this;
  }

  /**
   * A classic histogram: cumulative buckets for {@code bounds} then +Inf, _sum and _count.
   * {@code counts[i]} is the (non-cumulative) count of bucket i; {@code counts.length == bounds.length + 1}.
   */
  public ExpositionWriter histogram(String name, String labels, double[] bounds, long[] counts, double sum) {
    String prefix = labels.isEmpty() ? "" : labels + ",";
    long cum = 0;
    for (int i = 0; i <= bounds.length; i++) {
      cum += counts[i];
      String le = i < bounds.length ? goFloat(bounds[i]) : "+Inf";
      sample(name + "_bucket", prefix + "le=\"" + le + "\"", cum);
    }
    sample(name + "_sum", labels, sum);
    return sample(name + "_count", labels, cum);
  }

  /** A summary: one line per quantile, then _sum and _count. */
  public ExpositionWriter summary(String name, String labels, double[] quantiles, double[] values, double sum,
      long count) {
    String prefix = labels.isEmpty() ? "" : labels + ",";
    for (int i = 0; i < quantiles.length; i++) {
      sample(name, prefix + "quantile=\"" + goFloat(quantiles[i]) + "\"", values[i]);
    }
    sample(name + "_sum", labels, sum);
    return sample(name + "_count", labels, count);
  }

  /** Closes the body ({@code # EOF} in OpenMetrics). */
  public ExpositionWriter end() {
    if (format == Format.OPENMETRICS) sb.append("# EOF\n");
    return this;
  }

  @Override
  public String toString() {
    return sb.toString();
  }

  /** Go's {@code strconv.FormatFloat(v, 'g', -1, 64)} closely enough for exposition values. */
  public static String goFloat(double v) {
    StringBuilder b = new StringBuilder(24);
    appendValue(b, v);
    return b.toString();
  }

  static void appendValue(StringBuilder b, double v) {
    if (v == (long) v && Math.abs(v) < 1e6) {
      b.append((long) v);
      return;
    }
    if (Double.isNaN(v)) {
      b.append("NaN");
      return;
    }
    if (Double.isInfinite(v)) {
      b.append(v > 0 ? "+Inf" : "-Inf");
      return;
    }
    if (v < 0) b.append('-');
    String s = Double.toString(Math.abs(v));
    String digits;
    int exp;
    int e = s.indexOf('E');
    if (e >= 0) {
      digits = s.substring(0, 1) + s.substring(2, e);
      exp = Integer.parseInt(s.substring(e + 1));
    } else {
      int dot = s.indexOf('.');
      String ip = s.substring(0, dot);
      String fp = s.substring(dot + 1);
      if (!ip.equals("0")) {
        digits = ip + fp;
        exp = ip.length() - 1;
      } else {
        int z = 0;
        while (z < fp.length() - 1 && fp.charAt(z) == '0') z++;
        digits = fp.substring(z);
        exp = -(z + 1);
      }
    }
    int end = digits.length();
    while (end > 1 && digits.charAt(end - 1) == '0') end--;
    digits = digits.substring(0, end);
    if (exp < -4 || exp >= 6) {
      b.append(digits.charAt(0));
      if (digits.length() > 1) b.append('.').append(digits, 1, digits.length());
      b.append('e').append(exp < 0 ? '-' : '+');
      if (Math.abs(exp) < 10) b.append('0');
      b.append(Math.abs(exp));
    } else if (exp >= 0) {
      if (digits.length() <= exp + 1) {
        b.append(digits);
        for (int i = digits.length(); i <= exp; i++) b.append('0');
      } else {
        b.append(digits, 0, exp + 1).append('.').append(digits, exp + 1, digits.length());
      }
    } else {
      b.append("0.");
      for (int i = -1; i > exp; i--) b.append('0');
      b.append(digits);
    }
  }
}
