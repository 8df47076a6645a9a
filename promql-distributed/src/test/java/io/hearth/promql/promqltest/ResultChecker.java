package io.hearth.promql.promqltest;

import io.hearth.promql.engine.QueryResult;
import io.hearth.promql.notation.GoNumbers;
import io.hearth.promql.notation.HistogramText;
import io.hearth.promql.notation.SequenceValue;
import io.hearth.promql.promqltest.Failure.Category;
import io.hearth.promql.value.Matrix;
import io.hearth.promql.value.RangeSeries;
import io.hearth.promql.value.Sample;
import io.hearth.promql.value.Scalar;
import io.hearth.promql.value.StringValue;
import io.hearth.promql.value.Value;
import io.hearth.promql.value.Vector;
import io.hearth.sharding.api.Labels;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares a query's outcome with an eval's expectations (README §6.2-§6.3): errors, annotations
 * and values. Every method returns the first {@link Failure}, or null when all is as expected.
 */
final class ResultChecker {
  private ResultChecker() {}

  /** An error was raised; was one expected, and with this text? */
  static Failure checkError(EvalCommand cmd, String query, RuntimeException error) {
    String msg = String.valueOf(error.getMessage());
    String unsupported = unsupportedSubject(msg);
    if (!cmd.isFail()) {
      String detail = "error evaluating query " + quote(query) + ": " + msg;
      return unsupported != null ? Failure.of(Category.UNSUPPORTED, unsupported, detail)
          : Failure.of(Category.UNEXPECTED_ERROR, detail);
    }
    Failure f = wrongError(cmd, msg);
    // An engine refusing a feature fails with its own text: say so rather than "wrong error message".
    return f != null && unsupported != null ? Failure.of(Category.UNSUPPORTED, unsupported, f.detail()) : f;
  }

  private static final java.util.regex.Pattern UNSUPPORTED =
      java.util.regex.Pattern.compile("^(?:the )?(.*?) (?:is|are) not (?:supported|implemented)");

  /** What an "is not supported" error refuses ({@code info()}, ...), or null for other errors. */
  static String unsupportedSubject(String msg) {
    java.util.regex.Matcher m = UNSUPPORTED.matcher(msg);
    if (m.find()) return shorten(m.group(1), 50);
    if (msg.contains("not supported") || msg.contains("unsupported") || msg.contains("not implemented")) {
      return shorten(msg, 50);
    }
    return null;
  }

  private static Failure wrongError(EvalCommand cmd, String msg) {
    if (cmd.expectedFailMessage != null && !cmd.expectedFailMessage.equals(msg)) {
      return Failure.of(Category.WRONG_ERROR, "expected error " + quote(cmd.expectedFailMessage) + ", but got: " + msg);
    }
    if (cmd.expectedFailRegexp != null && !cmd.expectedFailRegexp.matcher(msg).find()) {
      return Failure.of(Category.WRONG_ERROR, "expected error matching pattern " + quote(cmd.expectedFailRegexp.pattern())
          + ", but got: " + msg);
    }
    if (!cmd.fail.isEmpty() && !cmd.fail.get(0).matches(msg)) {
      return Failure.of(Category.WRONG_ERROR, "expected error matching " + cmd.fail.get(0) + ", but got: " + msg);
    }
    return null;
  }

  /** A result came back; was an error expected instead? Are the annotations right? */
  static Failure checkAnnotations(EvalCommand cmd, String query, QueryResult r) {
    if (cmd.isFail()) {
      return Failure.of(Category.MISSING_ERROR, "expected error evaluating query " + quote(query) + " but got none");
    }
    List<String> warnings = r.warnings() == null ? List.of() : r.warnings();
    List<String> infos = r.infos() == null ? List.of() : r.infos();
    if (cmd.warnHeader && warnings.isEmpty()) {
      return Failure.of(Category.MISSING_ANNOTATION, "expected warnings evaluating query " + quote(query) + " but got none");
    }
    if (cmd.infoHeader && infos.isEmpty()) {
      return Failure.of(Category.MISSING_ANNOTATION, "expected info annotations evaluating query " + quote(query)
          + " but got none");
    }
    Failure f = annotationsOfType(query, cmd.warn, warnings, "warn", warnings, infos);
    if (f == null) f = annotationsOfType(query, cmd.info, infos, "info", warnings, infos);
    if (f != null) return f;
    if (cmd.noWarn && !warnings.isEmpty()) {
      return Failure.of(Category.UNEXPECTED_ANNOTATION, "unexpected warning annotations evaluating query " + quote(query)
          + ": " + warnings);
    }
    if (cmd.noInfo && !infos.isEmpty()) {
      return Failure.of(Category.UNEXPECTED_ANNOTATION, "unexpected info annotations evaluating query " + quote(query)
          + ": " + infos);
    }
    return null;
  }

  private static Failure annotationsOfType(String query, List<EvalCommand.TextMatcher> expected, List<String> actual,
      String type, List<String> warnings, List<String> infos) {
    if (expected.isEmpty()) return null;
    if (actual.isEmpty()) {
      return Failure.of(Category.MISSING_ANNOTATION, "expected " + type + " annotations but none were found for query "
          + quote(query));
    }
    for (EvalCommand.TextMatcher e : expected) {
      if (actual.stream().noneMatch(e::matches)) {
        return Failure.of(Category.MISSING_ANNOTATION, "expected " + type + " annotation matching " + e
            + " but no matching annotation was found for query " + quote(query) + ", found: " + all(warnings, infos));
      }
    }
    for (String a : actual) {
      if (expected.stream().noneMatch(e -> e.matches(a))) {
        return Failure.of(Category.UNEXPECTED_ANNOTATION, "unexpected " + type + " annotation " + quote(a)
            + " found for query " + quote(query));
      }
    }
    return null;
  }

  private static List<String> all(List<String> a, List<String> b) {
    List<String> l = new ArrayList<>(a);
    l.addAll(b);
    return l;
  }

  /** The result value against the expected series, scalar or string. */
  static Failure checkValue(EvalCommand cmd, Value v) {
    if (v instanceof Matrix) return matrix(cmd, (Matrix) v);
    if (v instanceof Vector) return vector(cmd, ((Vector) v).samples());
    if (v instanceof Scalar) {
      if (!cmd.expectScalar) {
        return Failure.of(Category.WRONG_TYPE, "expected vector or matrix result, but got scalar " + GoNumbers.format(((Scalar) v).v()));
      }
      double got = ((Scalar) v).v();
      if (!Floats.almostEqual(cmd.scalar, got)) {
        return Failure.of(Category.WRONG_VALUE, "expected scalar " + GoNumbers.format(cmd.scalar) + " but got " + GoNumbers.format(got));
      }
      return null;
    }
    if (v instanceof StringValue) {
      String got = ((StringValue) v).s();
      if (!cmd.expectedString.equals(got)) {
        return Failure.of(Category.WRONG_STRING, "expected string \"" + cmd.expectedString + "\" but got \"" + got + "\"");
      }
      return null;
    }
    return Failure.of(Category.WRONG_TYPE, "unexpected result " + v);
  }

  static Failure vector(EvalCommand cmd, List<Sample> samples) {
    if (cmd.expectScalar) {
      return Failure.of(Category.WRONG_TYPE, "expected scalar result, but got vector " + vectorText(samples));
    }
    Set<Labels> seen = new HashSet<>();
    for (int pos = 0; pos < samples.size(); pos++) {
      Sample s = samples.get(pos);
      EvalCommand.Expected exp = cmd.expected.get(s.labels());
      if (exp == null) {
        return Failure.of(Category.UNEXPECTED_SERIES, "unexpected metric " + s.labels() + " in result, has value "
            + sampleText(s));
      }
      if (cmd.isOrdered() && exp.pos() != pos + 1) {
        return Failure.of(Category.WRONG_ORDER, "expected metric " + s.labels() + " with " + exp.values() + " at position "
            + exp.pos() + " but was at " + (pos + 1));
      }
      if (exp.values().isEmpty()) {
        return Failure.of(Category.WRONG_POINTS, "expected metric " + s.labels() + " has no value in the script");
      }
      SequenceValue e = exp.values().get(0);
      if (!e.isHistogram() && s.h() != null) {
        return Failure.of(Category.WRONG_KIND, "expected float value " + e + " for " + s.labels() + " but got histogram "
            + HistogramText.format(s.h()));
      }
      if (e.isHistogram() && s.h() == null) {
        return Failure.of(Category.WRONG_KIND, "expected histogram " + e + " for " + s.labels() + " but got float value "
            + GoNumbers.format(s.f()));
      }
      if (e.isHistogram()) {
        if (!HistogramCompare.matches(e.histogram(), s.h(), e.hintSet())) {
          return Failure.of(Category.WRONG_HISTOGRAM, "expected " + e + " for " + s.labels() + " but got "
              + HistogramText.format(s.h()));
        }
      } else if (!Floats.almostEqual(e.value(), s.f())) {
        return Failure.of(Category.WRONG_VALUE, "expected " + e + " for " + s.labels() + " but got " + GoNumbers.format(s.f()));
      }
      seen.add(s.labels());
    }
    for (Map.Entry<Labels, EvalCommand.Expected> e : cmd.expected.entrySet()) {
      if (!seen.contains(e.getKey())) {
        return Failure.of(Category.MISSING_SERIES, "expected metric " + e.getKey() + " with " + e.getValue().values()
            + " not found");
      }
    }
    return null;
  }

  private static Failure matrix(EvalCommand cmd, Matrix m) {
    if (cmd.isOrdered()) return Failure.of(Category.WRONG_TYPE, "expected ordered result, but query returned a matrix");
    if (cmd.expectScalar) return Failure.of(Category.WRONG_TYPE, "expected scalar result, but got a matrix");
    Failure f = sorted(m);
    if (f != null) return f;
    Set<Labels> seen = new HashSet<>();
    for (RangeSeries s : m.series()) {
      EvalCommand.Expected exp = cmd.expected.get(s.labels);
      if (exp == null) {
        return Failure.of(Category.UNEXPECTED_SERIES, "unexpected metric " + s.labels + " in result, has " + seriesText(s));
      }
      seen.add(s.labels);
      List<long[]> floatsAt = new ArrayList<>();
      List<SequenceValue> floats = new ArrayList<>();
      List<Long> histogramsAt = new ArrayList<>();
      List<SequenceValue> histograms = new ArrayList<>();
      for (int i = 0; i < exp.values().size(); i++) {
        long t = cmd.start + i * cmd.step;
        if (t > cmd.end) {
          return Failure.of(Category.WRONG_POINTS, "expected " + exp.values().size() + " points for " + s.labels
              + ", but query time range cannot return this many points");
        }
        SequenceValue e = exp.values().get(i);
        if (e.isHistogram()) {
          histogramsAt.add(t);
          histograms.add(e);
        } else if (!e.omitted()) {
          floatsAt.add(new long[] {t});
          floats.add(e);
        }
      }
      if (floats.size() != s.floatCount || histograms.size() != s.histogramCount) {
        return Failure.of(Category.WRONG_POINTS, "expected " + floats.size() + " float points and " + histograms.size()
            + " histogram points for " + s.labels + ", but got " + seriesText(s));
      }
      for (int i = 0; i < floats.size(); i++) {
        long t = floatsAt.get(i)[0];
        if (s.floatT[i] != t) {
          return Failure.of(Category.WRONG_POINTS, "expected float value at index " + i + " for " + s.labels
              + " to have timestamp " + t + ", but it had timestamp " + s.floatT[i] + " (result has " + seriesText(s) + ")");
        }
        if (!Floats.almostEqual(floats.get(i).value(), s.floatV[i])) {
          return Failure.of(Category.WRONG_VALUE, "expected float value at index " + i + " (t=" + t + ") for " + s.labels
              + " to be " + floats.get(i) + ", but got " + GoNumbers.format(s.floatV[i]) + " (result has " + seriesText(s) + ")");
        }
      }
      for (int i = 0; i < histograms.size(); i++) {
        long t = histogramsAt.get(i);
        if (s.histogramT[i] != t) {
          return Failure.of(Category.WRONG_POINTS, "expected histogram value at index " + i + " for " + s.labels
              + " to have timestamp " + t + ", but it had timestamp " + s.histogramT[i] + " (result has " + seriesText(s) + ")");
        }
        SequenceValue e = histograms.get(i);
        if (!HistogramCompare.matches(e.histogram(), s.histogramV[i], e.hintSet())) {
          return Failure.of(Category.WRONG_HISTOGRAM, "expected histogram value at index " + i + " (t=" + t + ") for "
              + s.labels + " to be " + e + ", but got " + HistogramText.format(s.histogramV[i]));
        }
      }
    }
    for (Labels l : cmd.expected.keySet()) {
      if (!seen.contains(l)) return Failure.of(Category.MISSING_SERIES, "expected metric " + l + " not found");
    }
    return null;
  }

  /** A matrix must be sorted by label set. */
  static Failure sorted(Matrix m) {
    List<RangeSeries> l = m.series();
    for (int i = 0; i + 1 < l.size(); i++) {
      if (l.get(i).labels.compareTo(l.get(i + 1).labels) > 0) {
        return Failure.of(Category.UNSORTED, "matrix results should always be sorted by labels, but matrix is not sorted:"
            + " series at index " + (i + 1) + " with labels " + l.get(i + 1).labels + " sorts before series at index " + i
            + " with labels " + l.get(i).labels);
      }
    }
    return null;
  }

  static String sampleText(Sample s) {
    return s.h() != null ? HistogramText.format(s.h()) : GoNumbers.format(s.f());
  }

  private static String vectorText(List<Sample> samples) {
    StringBuilder b = new StringBuilder("[");
    for (Sample s : samples) {
      if (b.length() > 1) b.append(", ");
      b.append(s.labels()).append(' ').append(sampleText(s));
    }
    return b.append(']').toString();
  }

  static String seriesText(RangeSeries s) {
    StringBuilder b = new StringBuilder();
    b.append(s.floatCount).append(s.floatCount == 1 ? " float point [" : " float points [");
    for (int i = 0; i < s.floatCount; i++) {
      if (i > 0) b.append(' ');
      b.append(GoNumbers.format(s.floatV[i])).append(" @[").append(s.floatT[i]).append(']');
    }
    b.append("] and ").append(s.histogramCount).append(s.histogramCount == 1 ? " histogram point [" : " histogram points [");
    for (int i = 0; i < s.histogramCount; i++) {
      if (i > 0) b.append(' ');
      b.append(HistogramText.format(s.histogramV[i])).append(" @[").append(s.histogramT[i]).append(']');
    }
    return b.append(']').toString();
  }

  static String quote(String s) {
    return "\"" + s + "\"";
  }

  /** Keeps detail lines readable in the report. */
  static String shorten(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "...";
  }
}
