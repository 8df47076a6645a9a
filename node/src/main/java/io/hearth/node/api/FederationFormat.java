package io.hearth.node.api;

import io.hearth.node.remote.ProtoWriter;
import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The two exposition formats {@code /federate} answers in, chosen from the {@code Accept} header as
 * Prometheus 2.42 chooses ({@code expfmt.Negotiate}): the first acceptable media range by
 * descending {@code q} (a concrete type before a wildcard on ties) that is either {@code
 * application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited} or
 * {@code text/plain} with no version or {@code version=0.0.4}; text when none is. Prometheus's other
 * protobuf encodings ({@code text}, {@code compact-text}, debugging formats) are answered as text.
 */
enum FederationFormat {
  TEXT("text/plain; version=0.0.4; charset=utf-8"),
  PROTO_DELIMITED("application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited");

  private static final String PROTO_TYPE = "application/vnd.google.protobuf";
  private static final String PROTO_PROTOCOL = "io.prometheus.client.MetricFamily";
  // io.prometheus.client.MetricType
  private static final int COUNTER = 0;
  private static final int GAUGE = 1;
  private static final int UNTYPED = 3;
  private static final int HISTOGRAM = 4;
  private static final int GAUGE_HISTOGRAM = 5;

  private final String contentType;

  FederationFormat(String contentType) {
    this.contentType = contentType;
  }

  String contentType() {
    return contentType;
  }

  private record Range(String type, String subType, double q, String version, String proto, String encoding) {}

  static FederationFormat negotiate(String accept) {
    if (accept == null) return TEXT;
    List<Range> ranges = new ArrayList<>();
    for (String part : accept.split(",")) {
      String[] ps = part.split(";");
      String[] ts = ps[0].trim().split("/", 2);
      if (ts.length != 2) continue;
      double q = 1;
      String version = "";
      String proto = "";
      String encoding = "";
      for (int i = 1; i < ps.length; i++) {
        String[] kv = ps[i].trim().split("=", 2);
        if (kv.length != 2) continue;
        String k = kv[0].trim();
        String v = kv[1].trim();
        switch (k) {
          case "q" -> {
            try {
              q = Double.parseDouble(v);
            } catch (NumberFormatException e) {
              q = 0;
            }
          }
          case "version" -> version = v;
          case "proto" -> proto = v;
          case "encoding" -> encoding = v;
          default -> { }
        }
      }
      ranges.add(new Range(ts[0].trim(), ts[1].trim(), q, version, proto, encoding));
    }
    ranges.sort((a, b) -> {
      if (a.q != b.q) return a.q > b.q ? -1 : 1;
      int wa = (a.type.equals("*") ? 2 : 0) + (a.subType.equals("*") ? 1 : 0);
      int wb = (b.type.equals("*") ? 2 : 0) + (b.subType.equals("*") ? 1 : 0);
      return Integer.compare(wa, wb);
    });
    for (Range r : ranges) {
      if ((r.type + "/" + r.subType).equals(PROTO_TYPE) && r.proto.equals(PROTO_PROTOCOL)) {
        if (r.encoding.equals("delimited")) return PROTO_DELIMITED;
        if (r.encoding.equals("text") || r.encoding.equals("compact-text")) return TEXT;
      }
      if (r.type.equals("text") && r.subType.equals("plain") && (r.version.isEmpty() || r.version.equals("0.0.4"))) return TEXT;
    }
    return TEXT;
  }

  /**
   * The body: series sorted by name, families cut where the name or the sample kind changes (in the
   * text format, where the family that {@code types} puts the series under changes).
   */
  byte[] encode(List<FederateApi.Latest> series, String[] external, FamilyTypes types) {
    return this == TEXT ? text(series, external, types) : proto(series, external, types);
  }

  /** 0 float, 1 counter histogram, 2 gauge histogram. */
  private static int kind(FederateApi.Latest s) {
    if (s.h() == null) return 0;
    return s.h().counterResetHint == FloatHistogram.CounterResetHint.GAUGE ? 2 : 1;
  }

  private static byte[] text(List<FederateApi.Latest> series, String[] external, FamilyTypes types) {
    StringBuilder sb = new StringBuilder(series.size() * 64);
    String lastFamily = null;
    for (FederateApi.Latest s : series) {
      if (s.h() != null) continue; // the text format has no native histograms
      String name = s.name();
      FamilyTypes.Header header = types.of(name);
      String family = header == null ? name : header.family();
      if (!family.equals(lastFamily)) {
        if (header == null) {
          sb.append("# TYPE ").append(name).append(" untyped\n");
        } else {
          if (!header.help().isEmpty()) {
            sb.append("# HELP ").append(family).append(' ');
            escapeHelp(sb, header.help());
            sb.append('\n');
          }
          sb.append("# TYPE ").append(family).append(' ').append(header.type()).append('\n');
        }
        lastFamily = family;
      }
      sb.append(name).append('{');
      boolean[] first = {true};
      forEachLabel(s.labels(), external, (n, v) -> {
        if (!first[0]) sb.append(',');
        first[0] = false;
        sb.append(n).append("=\"");
        escape(sb, v);
        sb.append('"');
      });
      sb.append("} ").append(textFloat(s.v())).append(' ').append(s.t()).append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** As the text encoder of Prometheus's client library: Go's {@code 'g'} shortest form, {@code 0} for -0. */
  private static String textFloat(double v) {
    if (Double.isNaN(v)) return "NaN";
    if (v == Double.POSITIVE_INFINITY) return "+Inf";
    if (v == Double.NEGATIVE_INFINITY) return "-Inf";
    if (v == 0) return "0";
    return io.hearth.scrape.gofmt.GoFloat.formatG(v);
  }

  private static void escape(StringBuilder sb, String v) {
    escape(sb, v, true);
  }

  /** Help text as the text format escapes it: backslash and line feed (not the double quote). */
  private static void escapeHelp(StringBuilder sb, String help) {
    escape(sb, help, false);
  }

  private static void escape(StringBuilder sb, String v, boolean quote) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '"' -> sb.append(quote ? "\\\"" : "\"");
        case '\n' -> sb.append("\\n");
        default -> sb.append(c);
      }
    }
  }

  private interface LabelSink {
    void label(String name, String value);
  }

  /** The series' labels but the name and empty values, then the external ones it lacks. */
  private static void forEachLabel(Labels l, String[] external, LabelSink sink) {
    for (int i = 0; i < l.size(); i++) {
      if (l.name(i).equals(Labels.METRIC_NAME) || l.value(i).isEmpty()) continue;
      sink.label(l.name(i), l.value(i));
    }
    for (int i = 0; i < external.length; i += 2) {
      if (!l.has(external[i])) sink.label(external[i], external[i + 1]);
    }
  }

  private static byte[] proto(List<FederateApi.Latest> series, String[] external, FamilyTypes types) {
    ProtoWriter out = new ProtoWriter(series.size() * 64 + 16);
    ProtoWriter family = new ProtoWriter(4096);
    ProtoWriter metric = new ProtoWriter(256);
    ProtoWriter part = new ProtoWriter(256);
    ProtoWriter span = new ProtoWriter(16);
    String lastName = null;
    int lastKind = -1;
    int floatType = UNTYPED;
    for (FederateApi.Latest s : series) {
      if (s.h() != null && s.h().usesCustomBuckets()) continue; // no field for custom bounds
      int kind = kind(s);
      if (!s.name().equals(lastName) || kind != lastKind) {
        if (lastName != null) delimited(out, family);
        // Only a family of its own gets its metadata: a classic histogram's or summary's parts stay untyped.
        FamilyTypes.Header header = types.of(s.name());
        boolean own = header != null && (kind == 0 ? header.whole(s.name()) : header.family().equals(s.name()));
        floatType = !own ? UNTYPED : header.type().equals("counter") ? COUNTER : header.type().equals("gauge") ? GAUGE : UNTYPED;
        family.reset();
        family.stringField(1, s.name());
        if (own && !header.help().isEmpty()) family.stringField(2, header.help());
        family.varintField(3, kind == 0 ? floatType : kind == 1 ? HISTOGRAM : GAUGE_HISTOGRAM);
        lastName = s.name();
        lastKind = kind;
      }
      metric.reset();
      forEachLabel(s.labels(), external, (n, v) -> {
        part.reset();
        part.stringField(1, n);
        part.stringField(2, v);
        metric.message(1, part);
      });
      if (s.h() == null) {
        part.reset();
        part.doubleField(1, s.v());
        metric.message(floatType == COUNTER ? 3 : floatType == GAUGE ? 2 : 5, part); // Metric.counter, gauge, untyped
        metric.varintField(6, s.t());
      } else {
        metric.varintField(6, s.t());
        histogram(part, span, s.h());
        metric.message(7, part);
      }
      family.message(4, metric);
    }
    if (lastName != null) delimited(out, family);
    return out.toByteArray();
  }

  /** {@code io.prometheus.client.Histogram} with float counts, fields as Prometheus sets them. */
  private static void histogram(ProtoWriter w, ProtoWriter span, FloatHistogram h) {
    w.reset();
    w.doubleField(2, h.sum);
    w.doubleField(4, h.count);
    w.sint32Field(5, h.schema);
    w.doubleField(6, h.zeroThreshold);
    w.doubleField(8, h.zeroCount);
    spans(w, span, 9, h.negativeSpans);
    for (double b : h.negativeBuckets) w.doubleField(11, b);
    spans(w, span, 12, h.positiveSpans);
    for (double b : h.positiveBuckets) w.doubleField(14, b);
  }

  private static void spans(ProtoWriter w, ProtoWriter span, int field, int[] spans) {
    for (int i = 0; i + 1 < spans.length; i += 2) {
      span.reset();
      span.sint32Field(1, spans[i]);
      span.varintField(2, Integer.toUnsignedLong(spans[i + 1]));
      w.message(field, span);
    }
  }

  private static void delimited(ProtoWriter out, ProtoWriter message) {
    out.varint(message.size());
    out.append(message);
  }
}
