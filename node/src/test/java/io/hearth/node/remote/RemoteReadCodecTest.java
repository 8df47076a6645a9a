package io.hearth.node.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.UnknownFieldSet;
import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.Matcher;
import io.hearth.sharding.api.StaleNaN;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class RemoteReadCodecTest {
  private static byte[] matcher(int type, String name, String value) {
    return WriteRequestBuilder.encode(out -> {
      out.writeEnum(1, type);
      out.writeString(2, name);
      out.writeString(3, value);
    });
  }

  private static byte[] readRequest(boolean packedTypes, int... accepted) {
    byte[] hints = WriteRequestBuilder.encode(out -> {
      out.writeInt64(1, 15000);
      out.writeString(2, "rate");
      out.writeInt64(3, 1000);
      out.writeInt64(4, 2000);
      out.writeString(5, "job");
      out.writeString(5, "instance");
      out.writeBool(6, true);
      out.writeInt64(7, 300000);
    });
    byte[] q1 = WriteRequestBuilder.encode(out -> {
      out.writeInt64(1, 1000);
      out.writeInt64(2, 2000);
      out.writeByteArray(3, matcher(0, "__name__", "up"));
      out.writeByteArray(3, matcher(1, "job", "x"));
      out.writeByteArray(3, matcher(2, "instance", "a.*"));
      out.writeByteArray(3, matcher(3, "env", "dev|test"));
      out.writeByteArray(4, hints);
      out.writeUInt64(99, 1);
    });
    byte[] q2 = WriteRequestBuilder.encode(out -> {
      out.writeInt64(1, -5);
      out.writeInt64(2, Long.MAX_VALUE);
    });
    return WriteRequestBuilder.encode(out -> {
      out.writeByteArray(1, q1);
      out.writeByteArray(1, q2);
      if (packedTypes && accepted.length > 0) {
        int size = 0;
        for (int a : accepted) {
          size += com.google.protobuf.CodedOutputStream.computeEnumSizeNoTag(a);
        }
        out.writeTag(2, 2);
        out.writeUInt32NoTag(size);
        for (int a : accepted) {
          out.writeEnumNoTag(a);
        }
      } else {
        for (int a : accepted) {
          out.writeEnum(2, a);
        }
      }
    });
  }

  @Test
  void decodesQueriesMatchersHintsAndResponseTypes() {
    byte[] body = readRequest(true, 1, 0);
    ReadRequest req = ReadRequestDecoder.decode(body, 0, body.length);

    assertEquals(2, req.queries().size());
    ReadRequest.Query q = req.queries().get(0);
    assertEquals(1000, q.startMs());
    assertEquals(2000, q.endMs());
    assertEquals(List.of(Matcher.of(Matcher.Type.EQ, "__name__", "up"), Matcher.of(Matcher.Type.NEQ, "job", "x"),
        Matcher.of(Matcher.Type.RE, "instance", "a.*"), Matcher.of(Matcher.Type.NRE, "env", "dev|test")), q.matchers());
    assertEquals(new ReadRequest.Hints(15000, "rate", 1000, 2000, List.of("job", "instance"), true, 300000), q.hints());
    assertEquals(-5, req.queries().get(1).startMs());
    assertNull(req.queries().get(1).hints());
    assertEquals(List.of(1, 0), req.acceptedResponseTypes());
  }

  @Test
  void unpackedResponseTypesDecodeAlike() {
    byte[] body = readRequest(false, 1, 0);
    assertEquals(List.of(1, 0), ReadRequestDecoder.decode(body, 0, body.length).acceptedResponseTypes());
  }

  @Test
  void negotiatesTheFirstSupportedResponseType() {
    byte[] body = readRequest(true, 1, 0);
    ReadRequest req = ReadRequestDecoder.decode(body, 0, body.length);
    assertEquals(ReadResponseType.SAMPLES, req.negotiate(EnumSet.of(ReadResponseType.SAMPLES)));
    assertEquals(ReadResponseType.STREAMED_XOR_CHUNKS, req.negotiate(EnumSet.allOf(ReadResponseType.class)));
    byte[] none = readRequest(true);
    assertEquals(ReadResponseType.SAMPLES, ReadRequestDecoder.decode(none, 0, none.length).negotiate(EnumSet.of(ReadResponseType.SAMPLES)));
  }

  @Test
  void refusesWhenNoAcceptedResponseTypeIsSupported() {
    byte[] body = readRequest(false, 1, 20);
    ReadRequest req = ReadRequestDecoder.decode(body, 0, body.length);
    var e = assertThrows(RemoteProtocolException.BadRequest.class, () -> req.negotiate(EnumSet.of(ReadResponseType.SAMPLES)));
    assertEquals("server does not support any of the requested response types: [STREAMED_XOR_CHUNKS 20]; supported: map[SAMPLES:{}]",
        e.getMessage());
    assertEquals(400, e.httpStatus());
  }

  @Test
  void refusesAnUnknownMatcherTypeAndABadRegex() {
    byte[] badType = WriteRequestBuilder.encode(out -> out.writeByteArray(1,
        WriteRequestBuilder.encode(q -> q.writeByteArray(3, matcher(7, "a", "b")))));
    var e = assertThrows(RemoteProtocolException.BadRequest.class, () -> ReadRequestDecoder.decode(badType, 0, badType.length));
    assertEquals("invalid matcher type", e.getMessage());

    byte[] badRegex = WriteRequestBuilder.encode(out -> out.writeByteArray(1,
        WriteRequestBuilder.encode(q -> q.writeByteArray(3, matcher(2, "a", "(")))));
    var e2 = assertThrows(RemoteProtocolException.BadRequest.class, () -> ReadRequestDecoder.decode(badRegex, 0, badRegex.length));
    assertEquals(RemoteProtocolException.BadRequest.Reason.INVALID_MATCHER, e2.reason());
  }

  @Test
  void truncatedReadRequestIsMalformed() {
    byte[] body = readRequest(true, 0);
    var e = assertThrows(RemoteProtocolException.BadRequest.class, () -> ReadRequestDecoder.decode(body, 0, body.length - 1));
    assertEquals("unexpected EOF", e.getMessage());
  }

  @Test
  void encodesResultsSeriesAndSamplesThatAStockParserReads() throws Exception {
    ReadResponseEncoder enc = new ReadResponseEncoder();
    enc.startResult();
    enc.series(Labels.of("__name__", "up", "job", "api"));
    enc.sample(1000, 1);
    enc.sample(2000, StaleNaN.VALUE);
    enc.sample(0, 0);
    enc.series(Labels.of("__name__", "up", "job", "db"));
    enc.sample(1000, -0.0);
    enc.startResult();
    byte[] compressed = enc.toSnappy();
    byte[] raw = RemoteWriteBody.decompress(compressed, 1 << 20);

    UnknownFieldSet resp = UnknownFieldSet.parseFrom(raw);
    List<com.google.protobuf.ByteString> results = resp.getField(1).getLengthDelimitedList();
    assertEquals(2, results.size());
    assertEquals(0, results.get(1).size());
    List<com.google.protobuf.ByteString> series = UnknownFieldSet.parseFrom(results.get(0)).getField(1).getLengthDelimitedList();
    assertEquals(2, series.size());
    UnknownFieldSet s0 = UnknownFieldSet.parseFrom(series.get(0));
    List<com.google.protobuf.ByteString> labels = s0.getField(1).getLengthDelimitedList();
    UnknownFieldSet l1 = UnknownFieldSet.parseFrom(labels.get(1));
    assertEquals("job", l1.getField(1).getLengthDelimitedList().get(0).toStringUtf8());
    assertEquals("api", l1.getField(2).getLengthDelimitedList().get(0).toStringUtf8());
    List<com.google.protobuf.ByteString> samples = s0.getField(2).getLengthDelimitedList();
    assertEquals(3, samples.size());
    UnknownFieldSet smp1 = UnknownFieldSet.parseFrom(samples.get(1));
    assertEquals(StaleNaN.BITS, (long) smp1.getField(1).getFixed64List().get(0));
    assertEquals(2000L, (long) smp1.getField(2).getVarintList().get(0));
    assertEquals(0, samples.get(2).size(), "proto3 zero values are left out");
    UnknownFieldSet s1smp = UnknownFieldSet.parseFrom(UnknownFieldSet.parseFrom(series.get(1)).getField(2).getLengthDelimitedList().get(0));
    assertEquals(Double.doubleToRawLongBits(-0.0), (long) s1smp.getField(1).getFixed64List().get(0));
  }

  @Test
  void encodesTheGoldenBytesOfASmallAnswer() {
    ReadResponseEncoder enc = new ReadResponseEncoder();
    enc.startResult();
    enc.series(Labels.of("__name__", "a"));
    enc.sample(1, 1.0);
    byte[] raw = enc.toByteArray();
    byte[] want = {
        0x0a, 0x1e,                                 // results[0], 30 bytes
        0x0a, 0x1c,                                 // timeseries[0], 28 bytes
        0x0a, 0x0d, 0x0a, 0x08, '_', '_', 'n', 'a', 'm', 'e', '_', '_', 0x12, 0x01, 'a',  // labels[0]
        0x12, 0x0b, 0x09, 0, 0, 0, 0, 0, 0, (byte) 0xf0, 0x3f, 0x10, 0x01};               // samples[0]
    assertArrayEquals(want, raw);
  }

  @Test
  void histogramsInAnswersDecodeBackThroughTheWriteDecoder() {
    FloatHistogram f = new FloatHistogram();
    f.schema = 2;
    f.count = 5;
    f.sum = 12;
    f.zeroCount = 1;
    f.zeroThreshold = 0.01;
    f.positiveSpans = new int[] {-3, 2, 4, 1};
    f.positiveBuckets = new double[] {1, 2, 1};
    f.negativeSpans = new int[] {0, 1};
    f.negativeBuckets = new double[] {0.5};
    f.counterResetHint = FloatHistogram.CounterResetHint.GAUGE;
    ReadResponseEncoder enc = new ReadResponseEncoder();
    enc.startResult();
    enc.series(Labels.of("__name__", "h"));
    enc.histogram(77, f);
    byte[] raw = enc.toByteArray();
    // A QueryResult's TimeSeries is a 1.0 TimeSeries: decode results[0] as a WriteRequest.
    UnknownFieldSet resp;
    try {
      resp = UnknownFieldSet.parseFrom(raw);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
    byte[] result = resp.getField(1).getLengthDelimitedList().get(0).toByteArray();
    RecordingSink sink = new RecordingSink();
    new RemoteWriteDecoder().decode(result, 0, result.length, sink);
    assertEquals(f, sink.series.get(0).histograms.get(0));
    assertEquals(List.of(77L), sink.series.get(0).histTs);
  }

  @Test
  void seriesBeforeAResultIsAProgrammingError() {
    assertThrows(IllegalStateException.class, () -> new ReadResponseEncoder().series(Labels.of("__name__", "a")));
  }
}
