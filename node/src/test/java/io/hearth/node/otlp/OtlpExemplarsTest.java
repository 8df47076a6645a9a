package io.hearth.node.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import io.hearth.sharding.api.Exemplar;
import io.hearth.sharding.api.Labels;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.List;
import org.junit.jupiter.api.Test;

class OtlpExemplarsTest {
  private static final byte[] TRACE = {0x4b, (byte) 0xf9, 0x2f, 0x35, 0x77, (byte) 0xb3, 0x4d, (byte) 0xa6, (byte) 0xa3, (byte) 0xce,
      (byte) 0x92, (byte) 0x9d, 0x0e, 0x0e, 0x47, 0x36};
  private static final byte[] SPAN = {0x00, (byte) 0xf0, 0x67, (byte) 0xaa, 0x0b, (byte) 0xa9, 0x02, (byte) 0xb7};

  private static io.opentelemetry.proto.metrics.v1.Exemplar.Builder exemplar() {
    return io.opentelemetry.proto.metrics.v1.Exemplar.newBuilder().setTraceId(ByteString.copyFrom(TRACE))
        .setSpanId(ByteString.copyFrom(SPAN)).setTimeUnixNano(1_700_000_000_123_456_789L).setAsDouble(0.25);
  }

  private static KeyValue attr(String k, String v) {
    return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setStringValue(v)).build();
  }

  @Test
  void idsBecomeHexLabelsAndFilteredAttributesKeepTheirNames() {
    Exemplar e = OtlpExemplars.of(exemplar().addFilteredAttributes(attr("user.id", "u-7")).build());
    assertEquals(Labels.of("span_id", "00f067aa0ba902b7", "trace_id", "4bf92f3577b34da6a3ce929d0e0e4736", "user.id", "u-7"), e.labels());
    assertEquals(0.25, e.value());
    assertEquals(1_700_000_000_123L, e.timestamp());
  }

  @Test
  void integerValueIsTheExemplarsValue() {
    assertEquals(7.0, OtlpExemplars.of(exemplar().setAsInt(7).build()).value());
  }

  @Test
  void allZeroOrMissingIdsAreLeftOut() {
    Exemplar e = OtlpExemplars.of(exemplar().setTraceId(ByteString.copyFrom(new byte[16])).clearSpanId().build());
    assertEquals(Labels.EMPTY, e.labels());
  }

  @Test
  void attributesThatWouldPassTheLengthLimitAreDroppedAndTheIdsKept() {
    // trace_id and span_id take 8 + 32 + 7 + 16 = 63 characters; 1 + 64 more is 128 (kept), 1 + 65 passes it.
    assertEquals("v".repeat(64), OtlpExemplars.of(exemplar().addFilteredAttributes(attr("k", "v".repeat(64))).build()).labels().get("k"));
    Exemplar e = OtlpExemplars.of(exemplar().addFilteredAttributes(attr("k", "v".repeat(65))).build());
    assertEquals(Labels.of("span_id", "00f067aa0ba902b7", "trace_id", "4bf92f3577b34da6a3ce929d0e0e4736"), e.labels());
    Exemplar fits = OtlpExemplars.of(exemplar().addFilteredAttributes(attr("k", "v".repeat(65))).clearSpanId().build());
    assertEquals("v".repeat(65), fits.labels().get("k"));
  }

  @Test
  void bucketIsTheFirstWhoseUpperBoundIsNotBelowTheValue() {
    List<Double> bounds = List.of(0.1, 0.5, 1.0);
    assertEquals(0, OtlpExemplars.bucketOf(0.05, bounds, 3));
    assertEquals(0, OtlpExemplars.bucketOf(0.1, bounds, 3), "upper bounds are inclusive (le)");
    assertEquals(1, OtlpExemplars.bucketOf(0.3, bounds, 3));
    assertEquals(3, OtlpExemplars.bucketOf(2.0, bounds, 3), "past the last bound: +Inf");
    assertEquals(2, OtlpExemplars.bucketOf(0.7, bounds, 2), "only the first n bounds count (fewer bucket counts than bounds)");
  }
}
