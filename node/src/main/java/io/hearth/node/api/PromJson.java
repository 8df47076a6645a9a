package io.hearth.node.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.hearth.promql.value.Matrix;
import io.hearth.promql.value.RangeSeries;
import io.hearth.promql.value.Sample;
import io.hearth.promql.value.Scalar;
import io.hearth.promql.value.StringValue;
import io.hearth.promql.value.Value;
import io.hearth.promql.value.Vector;
import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes values in exactly the JSON shapes of the Prometheus HTTP API: timestamps as seconds with
 * up to millisecond fraction ({@code 1435781451.781}), float values as strings in Go's
 * {@code strconv.FormatFloat(v, 'f', -1, 64)} form ({@code "1"}, {@code "0.1"}, {@code "+Inf"},
 * {@code "NaN"}).
 */
public final class PromJson {
  static final JsonFactory FACTORY = new JsonFactory();

  private PromJson() {}

  public static JsonGenerator generator(OutputStream out) throws IOException {
    return FACTORY.createGenerator(out);
  }

  /**
   * Prometheus's float rendering: the shortest digits that round-trip, in plain notation, except
   * exponent notation ({@code 1e+21}, {@code -1.5e-07}) below 1e-6 and from 1e21 on, as Prometheus's
   * JSON encoder writes them. Shortest digits come from Schubfach (Jackson's {@code
   * DoubleToDecimal}): Java 17's own {@code Double.toString} is not always shortest.
   */
  public static String formatFloat(double v) {
    if (Double.isNaN(v)) return "NaN";
    if (v == Double.POSITIVE_INFINITY) return "+Inf";
    if (v == Double.NEGATIVE_INFINITY) return "-Inf";
    if (v == 0) return 1 / v < 0 ? "-0" : "0";
    double a = Math.abs(v);
    // Common case first: integral counters and gauges.
    if (v == Math.rint(v) && a < 1e15) return Long.toString((long) v);
    // Schubfach's shortest digits in Java's form ("-1.2345E-5", "0.001", "1.0E21"), taken apart into
    // significant digits d[0, n) and the decimal exponent e of d[0] (value = d0.d1d2... x 10^e).
    String java = com.fasterxml.jackson.core.io.schubfach.DoubleToDecimal.toString(v);
    char[] d = new char[20];
    int n = 0;
    int intDigits = -1;
    int leadingZeros = 0;
    int exp = 0;
    for (int i = v < 0 ? 1 : 0; i < java.length(); i++) {
      char c = java.charAt(i);
      if (c == '.') {
        intDigits = n + leadingZeros;
      } else if (c == 'E') {
        exp = Integer.parseInt(java, i + 1, java.length(), 10);
        break;
      } else if (n == 0 && c == '0') {
        leadingZeros++;
      } else {
        d[n++] = c;
      }
    }
    if (intDigits < 0) intDigits = n + leadingZeros;
    int e = intDigits - 1 - leadingZeros + exp;
    while (n > 1 && d[n - 1] == '0') n--;
    if (n == 2) {
      // Java's rule picks the closest of the 1- and 2-digit candidates (4.9e-324); Go the shortest (5e-324).
      int first = d[0] - '0';
      int second = d[1] - '0';
      int one = second > 5 || (second == 5 && first % 2 == 1) ? first + 1 : first;
      int oneExp = one == 10 ? e + 1 : e;
      if (Double.parseDouble((v < 0 ? "-" : "") + (one == 10 ? 1 : one) + "e" + oneExp) == v) {
        d[0] = (char) ('0' + (one == 10 ? 1 : one));
        n = 1;
        e = oneExp;
      }
    }
    StringBuilder sb = new StringBuilder(n + 26);
    if (v < 0) sb.append('-');
    if (a >= 1e-6 && a < 1e21) {
      if (e < 0) {
        sb.append("0.");
        for (int i = -1; i > e; i--) sb.append('0');
        sb.append(d, 0, n);
      } else if (e >= n - 1) {
        sb.append(d, 0, n);
        for (int i = n - 1; i < e; i++) sb.append('0');
      } else {
        sb.append(d, 0, e + 1).append('.').append(d, e + 1, n - e - 1);
      }
      return sb.toString();
    }
    sb.append(d[0]);
    if (n > 1) sb.append('.').append(d, 1, n - 1);
    sb.append('e').append(e < 0 ? '-' : '+');
    int ae = Math.abs(e);
    if (ae < 10) sb.append('0');
    return sb.append(ae).toString();
  }

  /** A value in the text exposition format (Go's {@code 'g'}-like rendering is accepted by every parser). */
  public static String formatFloatText(double v) {
    if (Double.isNaN(v)) return "NaN";
    if (v == Double.POSITIVE_INFINITY) return "+Inf";
    if (v == Double.NEGATIVE_INFINITY) return "-Inf";
    return formatFloat(v);
  }

  /** Prometheus's timestamp rendering: integer seconds, then {@code .} and three digits when needed. */
  public static void writeTimestamp(JsonGenerator g, long ms) throws IOException {
    if (ms % 1000 == 0) {
      g.writeNumber(ms / 1000); // whole seconds: most timestamps of a range
      return;
    }
    StringBuilder sb = new StringBuilder(20);
    long t = ms;
    if (t < 0) {
      sb.append('-');
      t = -t;
    }
    sb.append(t / 1000);
    long frac = t % 1000;
    if (frac != 0) {
      sb.append('.');
      if (frac < 100) sb.append('0');
      if (frac < 10) sb.append('0');
      sb.append(frac);
    }
    g.writeNumber(sb.toString());
  }

  public static void writeLabels(JsonGenerator g, Labels l) throws IOException {
    g.writeStartObject();
    for (int i = 0; i < l.size(); i++) g.writeStringField(l.name(i), l.value(i));
    g.writeEndObject();
  }

  private static void writePoint(JsonGenerator g, long t, double v) throws IOException {
    g.writeStartArray();
    writeTimestamp(g, t);
    g.writeString(formatFloat(v));
    g.writeEndArray();
  }

  private static void writeHistogramPoint(JsonGenerator g, long t, FloatHistogram h) throws IOException {
    g.writeStartArray();
    writeTimestamp(g, t);
    HistogramJson.write(g, h);
    g.writeEndArray();
  }

  /** Writes {@code "resultType": ..., "result": ...} fields into the current object. */
  public static void writeResult(JsonGenerator g, Value v) throws IOException {
    g.writeStringField("resultType", v.resultType());
    g.writeFieldName("result");
    if (v instanceof Scalar s) {
      writePoint(g, s.t(), s.v());
    } else if (v instanceof StringValue s) {
      g.writeStartArray();
      writeTimestamp(g, s.t());
      g.writeString(s.s());
      g.writeEndArray();
    } else if (v instanceof Vector vec) {
      g.writeStartArray();
      for (Sample s : vec.samples()) {
        g.writeStartObject();
        g.writeFieldName("metric");
        writeLabels(g, s.labels());
        if (s.h() != null) {
          g.writeFieldName("histogram");
          writeHistogramPoint(g, s.t(), s.h());
        } else {
          g.writeFieldName("value");
          writePoint(g, s.t(), s.f());
        }
        g.writeEndObject();
      }
      g.writeEndArray();
    } else if (v instanceof Matrix m) {
      g.writeStartArray();
      for (RangeSeries s : m.series()) {
        g.writeStartObject();
        g.writeFieldName("metric");
        writeLabels(g, s.labels);
        if (s.floatCount > 0) {
          g.writeFieldName("values");
          g.writeStartArray();
          for (int i = 0; i < s.floatCount; i++) writePoint(g, s.floatT[i], s.floatV[i]);
          g.writeEndArray();
        }
        if (s.histogramCount > 0) {
          g.writeFieldName("histograms");
          g.writeStartArray();
          for (int i = 0; i < s.histogramCount; i++) writeHistogramPoint(g, s.histogramT[i], s.histogramV[i]);
          g.writeEndArray();
        }
        g.writeEndObject();
      }
      g.writeEndArray();
    } else {
      throw new IllegalArgumentException("unknown value kind " + v);
    }
  }
}
