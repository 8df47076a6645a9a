package io.hearth.node.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hearth.sharding.api.Labels;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad bodies through the whole path (snappy, then protobuf, then labels) with their exact texts. */
class RemoteWriteBadInputTest {
  private static final int LIMIT = 1 << 20;
  private static final DecodeOptions REJECT = DecodeOptions.DEFAULT.withInvalidSeries(DecodeOptions.InvalidSeriesPolicy.REJECT_REQUEST);

  record Case(String name, RemoteWriteVersion version, Supplier<byte[]> body, int status, String message) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Supplier<byte[]> snappy(byte[] raw) {
    return () -> RemoteWriteBody.compress(raw, 0, raw.length);
  }

  private static Supplier<byte[]> snappy(Supplier<byte[]> raw) {
    return () -> {
      byte[] r = raw.get();
      return RemoteWriteBody.compress(r, 0, r.length);
    };
  }

  private static byte[] bytes(int... b) {
    byte[] out = new byte[b.length];
    for (int i = 0; i < b.length; i++) {
      out[i] = (byte) b[i];
    }
    return out;
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  static Stream<Case> cases() {
    byte[] valid = WriteRequestBuilder.v1().series(Labels.of("__name__", "up")).sample(1000, 1).build();
    WriteRequestBuilder.IntHistogram badHist = new WriteRequestBuilder.IntHistogram();
    badHist.count = 2;
    badHist.positiveSpans = new int[] {0, 3};
    badHist.positiveDeltas = new long[] {1, 0};
    RemoteWriteVersion v1 = RemoteWriteVersion.V1;
    RemoteWriteVersion v2 = RemoteWriteVersion.V2;
    return Stream.of(
        new Case("corrupt snappy block", v1, () -> bytes(0x0a, 0xff, 0xff, 0xff), 400, "snappy: corrupt input"),
        new Case("snappy length prefix cut short", v1, () -> bytes(0x80), 400, "snappy: corrupt input"),
        new Case("snappy block shorter than declared", v1, () -> bytes(0x64, 0x00, 'a'), 400, "snappy: corrupt input"),
        new Case("declared length over the limit", v1, snappy(new byte[LIMIT + 1]), 413,
            "snappy: decoded length exceeds the limit [declared=1048577, limit=1048576]"),
        new Case("declared length of 4 GiB in 6 bytes", v1, () -> bytes(0xff, 0xff, 0xff, 0xff, 0x0f, 0x00), 413,
            "snappy: decoded length exceeds the limit [declared=4294967295, limit=1048576]"),
        new Case("truncated protobuf", v1, snappy(Arrays.copyOf(valid, valid.length - 1)), 400, "unexpected EOF"),
        new Case("timeseries with wrong wire type", v1, snappy(bytes(0x08, 0x01)), 400,
            "proto: wrong wireType = 0 for field Timeseries"),
        new Case("sample value with wrong wire type", v1, snappy(() -> WriteRequestBuilder.upWithRawSample(bytes(0x08, 0x01))), 400,
            "proto: wrong wireType = 0 for field Value"),
        new Case("illegal tag zero", v1, snappy(bytes(0x00)), 400, "proto: WriteRequest: illegal tag 0 (wire type 0)"),
        new Case("illegal tag inside a sample", v1, snappy(() -> WriteRequestBuilder.upWithRawSample(bytes(0x00))), 400,
            "proto: Sample: illegal tag 0 (wire type 0)"),
        new Case("end group without a group", v1, snappy(bytes(0x0c)), 400,
            "proto: WriteRequest: wiretype end group for non-group"),
        new Case("varint longer than ten bytes", v1,
            snappy(bytes(0x0a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01)), 400, "proto: integer overflow"),
        new Case("negative length", v1, snappy(bytes(0x0a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01)), 400,
            "proto: negative length found during unmarshaling"),
        new Case("unknown field of wire type 6", v1, snappy(bytes(0x4e, 0x00)), 400, "proto: illegal wireType 6"),
        new Case("missing __name__", v1, snappy(WriteRequestBuilder.v1().series("job", "x").sample(1, 1).build()), 400,
            "invalid metric name or labels, got {job=\"x\"}"),
        new Case("empty __name__", v1, snappy(WriteRequestBuilder.v1().series("__name__", "", "job", "x").sample(1, 1).build()), 400,
            "invalid metric name or labels, got {__name__=\"\", job=\"x\"}"),
        new Case("empty label name", v1, snappy(WriteRequestBuilder.v1().series("__name__", "up", "", "v").sample(1, 1).build()), 400,
            "invalid metric name or labels, got {\"\"=\"v\", __name__=\"up\"}"),
        new Case("duplicate label name", v1,
            snappy(WriteRequestBuilder.v1().series("__name__", "up", "a", "1", "a", "2").sample(1, 1).build()), 400,
            "invalid labels for series, labels {__name__=\"up\", a=\"1\", a=\"2\"}, duplicated label a"),
        new Case("unsorted label names", v1,
            snappy(WriteRequestBuilder.v1().series("__name__", "up", "b", "1", "a", "2").sample(1, 1).build()), 400,
            "invalid labels for series, labels {__name__=\"up\", b=\"1\", a=\"2\"}, label names not sorted: \"b\" before \"a\""),
        new Case("invalid UTF-8 in a value", v1, snappy(WriteRequestBuilder.v1()
            .seriesBytes("__name__".getBytes(), "up".getBytes(), "a".getBytes(), bytes(0xff)).sample(1, 1).build()), 400,
            "invalid metric name or labels, got {__name__=\"up\", a=\"\\xff\"}"),
        new Case("invalid UTF-8 in a name", v1, snappy(WriteRequestBuilder.v1()
            .seriesBytes("__name__".getBytes(), "up".getBytes(), bytes(0xc3, 0x28), "v".getBytes()).sample(1, 1).build()), 400,
            "invalid metric name or labels, got {__name__=\"up\", \"\\xc3(\"=\"v\"}"),
        new Case("surrogate half encoded in UTF-8", v1, snappy(WriteRequestBuilder.v1()
            .seriesBytes("__name__".getBytes(), bytes(0xed, 0xa0, 0x80)).sample(1, 1).build()), 400,
            "invalid metric name or labels, got {__name__=\"\\xed\\xa0\\x80\"}"),
        new Case("histogram spans disagree with buckets", v1,
            snappy(WriteRequestBuilder.v1().series(Labels.of("__name__", "h")).intHistogram(1, badHist).build()), 400,
            "positive side: spans need 3 buckets, have 2 buckets: histogram spans specify different number of buckets "
                + "than provided for series {__name__=\"h\"}"),
        new Case("2.0 illegal tag zero", v2, snappy(bytes(0x00)), 400, "proto: Request: illegal tag 0 (wire type 0)"),
        new Case("2.0 labels_refs with wrong wire type", v2,
            snappy(concat(bytes(0x2a, 9, 0x09), new byte[8])), 400, "proto: wrong wireType = 1 for field LabelsRefs"),
        new Case("2.0 label reference past the symbols", v2,
            snappy(WriteRequestBuilder.v2().series().rawLabelRefs(1, 9).symbol("__name__").sample(1, 1).build()), 400,
            "invalid labels_refs for series, symbol reference 9 is out of range for 2 symbols"),
        new Case("2.0 odd number of label references", v2,
            snappy(WriteRequestBuilder.v2().series().rawLabelRefs(1).symbol("__name__").sample(1, 1).build()), 400,
            "invalid labels_refs for series, got 1 references, want an even number"),
        new Case("2.0 duplicate label name", v2,
            snappy(WriteRequestBuilder.v2().series("__name__", "up", "a", "1", "a", "2").sample(1, 1).build()), 400,
            "invalid labels for series, labels {__name__=\"up\", a=\"1\", a=\"2\"}, duplicated label a"));
  }

  private static DecodeResult receive(RemoteWriteVersion version, byte[] compressed, DecodeOptions options, WriteSink sink) {
    byte[] raw = RemoteWriteBody.decompress(compressed, LIMIT);
    return version == RemoteWriteVersion.V1
        ? new RemoteWriteDecoder(options).decode(raw, 0, raw.length, sink)
        : new RemoteWriteV2Decoder(options).decode(raw, 0, raw.length, sink);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void badInputIsRefusedWithPrometheusText(Case c) {
    RemoteProtocolException e = assertThrows(RemoteProtocolException.class,
        () -> receive(c.version(), c.body().get(), REJECT, new RecordingSink()));
    assertEquals(c.message(), e.getMessage());
    assertEquals(c.status(), e.httpStatus());
  }

  @Test
  void tableHasAtLeastFifteenCases() {
    assertEquals(true, cases().count() >= 15);
  }

  @Test
  void skipPolicyReportsTheSameTextsWithoutFailingTheRequest() {
    List<Case> labelCases = cases().filter(c -> c.message().startsWith("invalid ")).toList();
    assertEquals(true, labelCases.size() >= 8);
    for (Case c : labelCases) {
      RecordingSink sink = new RecordingSink();
      DecodeResult r = receive(c.version(), c.body().get(), DecodeOptions.DEFAULT, sink);
      assertEquals(c.message(), r.invalidSeriesMessage(), c.name());
      assertEquals(1, sink.invalid.size(), c.name());
      assertEquals(0, sink.series.size(), c.name());
    }
  }
}
