package io.hearth.node.otlp;

import io.hearth.sharding.api.Exemplar;
import io.hearth.sharding.api.Labels;
import java.util.ArrayList;
import java.util.List;

/**
 * OTLP exemplars as Prometheus 3's OTLP translation stores them.
 *
 * <p>An exemplar's labels are {@code trace_id} and {@code span_id} (lower-case hex, each only when
 * the id is not all zeros) and its filtered attributes, names as sent (not escaped) and values
 * rendered as attribute values are. The attributes are left out, the ids kept, when names and
 * values together would pass {@value Exemplar#MAX_LABEL_SET_LENGTH} characters. The timestamp is
 * the exemplar's time in milliseconds (0, as Prometheus reads it, means none); the value its integer
 * or double value.
 *
 * <p>Which series an exemplar belongs to: a sum's exemplars go to its one series, an exponential
 * histogram's to its native histogram series, and an explicit-bucket histogram's to the {@code
 * _bucket} series whose bucket holds the value (the first bound not below it, else {@code +Inf});
 * never to {@code _sum} or {@code _count}. Gauges and summaries carry none. Stateless.
 */
final class OtlpExemplars {
  static final String TRACE_ID = "trace_id";
  static final String SPAN_ID = "span_id";

  private OtlpExemplars() {}

  /** The data point's exemplars in their order; empty (shared) when it has none. */
  static List<Exemplar> of(List<io.opentelemetry.proto.metrics.v1.Exemplar> in) {
    if (in.isEmpty()) return List.of();
    List<Exemplar> out = new ArrayList<>(in.size());
    for (io.opentelemetry.proto.metrics.v1.Exemplar e : in) out.add(of(e));
    return out;
  }

  static Exemplar of(io.opentelemetry.proto.metrics.v1.Exemplar e) {
    Labels.Builder b = Labels.builder();
    int length = 0;
    String trace = hexUnlessZero(e.getTraceId().toByteArray());
    if (trace != null) {
      b.set(TRACE_ID, trace);
      length += TRACE_ID.length() + trace.length();
    }
    String span = hexUnlessZero(e.getSpanId().toByteArray());
    if (span != null) {
      b.set(SPAN_ID, span);
      length += SPAN_ID.length() + span.length();
    }
    List<String[]> attrs = new ArrayList<>(e.getFilteredAttributesCount());
    for (var kv : e.getFilteredAttributesList()) {
      String v = OtlpTranslator.asString(kv.getValue());
      attrs.add(new String[] {kv.getKey(), v});
      length += codePoints(kv.getKey()) + codePoints(v);
    }
    if (length <= Exemplar.MAX_LABEL_SET_LENGTH) {
      for (String[] a : attrs) b.set(a[0], a[1]);
    }
    double value = e.getValueCase() == io.opentelemetry.proto.metrics.v1.Exemplar.ValueCase.AS_INT ? e.getAsInt() : e.getAsDouble();
    long ms = e.getTimeUnixNano() / 1_000_000;
    return new Exemplar(b.build(), value, ms, ms != 0);
  }

  /**
   * The index of the bucket that holds {@code value} among {@code bounds} upper bounds (the first
   * of {@code bounds[0..n)} not below it), or {@code n} for the {@code +Inf} bucket.
   */
  static int bucketOf(double value, List<Double> bounds, int n) {
    for (int i = 0; i < n; i++) {
      if (value <= bounds.get(i)) return i;
    }
    return n;
  }

  private static String hexUnlessZero(byte[] id) {
    boolean zero = true;
    for (byte x : id) zero &= x == 0;
    return zero ? null : java.util.HexFormat.of().formatHex(id);
  }

  private static int codePoints(String s) {
    return s.codePointCount(0, s.length());
  }
}
