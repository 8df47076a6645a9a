package io.hearth.scrape.textparse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A tiny protobuf encoder for tests: builds io.prometheus.client messages field by field and
 * writes them as a delimited exposition body. Field numbers follow metrics.proto.
 */
public final class ProtoBody {
  public static final int COUNTER = 0;
  public static final int GAUGE = 1;
  public static final int SUMMARY = 2;
  public static final int UNTYPED = 3;
  public static final int HISTOGRAM = 4;
  public static final int GAUGE_HISTOGRAM = 5;
  public static final String CONTENT_TYPE =
      "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited";

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  public static ProtoBody msg() {
    return new ProtoBody();
  }

  public byte[] bytes() {
    return out.toByteArray();
  }

  private void rawVarint(long v) {
    while ((v & ~0x7fL) != 0) {
      out.write((int) ((v & 0x7f) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  private void tag(int field, int wire) {
    rawVarint(((long) field << 3) | wire);
  }

  public ProtoBody varint(int field, long v) {
    tag(field, 0);
    rawVarint(v);
    return this;
  }

  public ProtoBody sint(int field, long v) {
    return varint(field, (v << 1) ^ (v >> 63));
  }

  public ProtoBody dbl(int field, double v) {
    tag(field, 1);
    long bits = Double.doubleToRawLongBits(v);
    for (int k = 0; k < 8; k++) out.write((int) (bits >>> (8 * k)));
    return this;
  }

  public ProtoBody bytes(int field, byte[] b) {
    tag(field, 2);
    rawVarint(b.length);
    out.writeBytes(b);
    return this;
  }

  public ProtoBody str(int field, String s) {
    return bytes(field, s.getBytes(StandardCharsets.UTF_8));
  }

  public ProtoBody msg(int field, ProtoBody m) {
    return bytes(field, m.bytes());
  }

  /** A packed repeated sint64. */
  public ProtoBody packedSint(int field, long... vs) {
    ProtoBody p = new ProtoBody();
    for (long v : vs) p.rawVarint((v << 1) ^ (v >> 63));
    return bytes(field, p.bytes());
  }

  /** A packed repeated double. */
  public ProtoBody packedDouble(int field, double... vs) {
    ProtoBody p = new ProtoBody();
    for (double v : vs) {
      long bits = Double.doubleToRawLongBits(v);
      for (int k = 0; k < 8; k++) p.out.write((int) (bits >>> (8 * k)));
    }
    return bytes(field, p.bytes());
  }

  // ---- io.prometheus.client messages ----

  public static ProtoBody family(String name, String help, int type, ProtoBody... metrics) {
    ProtoBody f = msg().str(1, name);
    if (help != null) f.str(2, help);
    f.varint(3, type);
    for (ProtoBody m : metrics) f.msg(4, m);
    return f;
  }

  /** A metric with label pairs {@code n1, v1, n2, v2...}. */
  public static ProtoBody metric(String... labels) {
    ProtoBody m = msg();
    for (int k = 0; k < labels.length; k += 2) m.msg(1, msg().str(1, labels[k]).str(2, labels[k + 1]));
    return m;
  }

  public ProtoBody counter(double v) {
    return msg(3, msg().dbl(1, v));
  }

  public ProtoBody gauge(double v) {
    return msg(2, msg().dbl(1, v));
  }

  public ProtoBody untyped(double v) {
    return msg(5, msg().dbl(1, v));
  }

  public ProtoBody timestampMs(long t) {
    return varint(6, t);
  }

  public ProtoBody summary(long count, double sum, double... quantileValuePairs) {
    ProtoBody s = msg().varint(1, count).dbl(2, sum);
    for (int k = 0; k < quantileValuePairs.length; k += 2) {
      s.msg(3, msg().dbl(1, quantileValuePairs[k]).dbl(2, quantileValuePairs[k + 1]));
    }
    return msg(4, s);
  }

  public ProtoBody histogram(ProtoBody h) {
    return msg(7, h);
  }

  public static ProtoBody bucket(double upper, long cumulative) {
    return msg().varint(1, cumulative).dbl(2, upper);
  }

  public static ProtoBody span(int offset, int length) {
    return msg().sint(1, offset).varint(2, length);
  }

  public static ProtoBody timestamp(long seconds, int nanos) {
    return msg().varint(1, seconds).varint(2, nanos);
  }

  /** Varint-length-delimited messages, one after the other: the exposition body. */
  public static byte[] delimited(ProtoBody... families) {
    ProtoBody all = new ProtoBody();
    for (ProtoBody f : families) {
      byte[] b = f.bytes();
      all.rawVarint(b.length);
      all.out.writeBytes(b);
    }
    return all.bytes();
  }
}
