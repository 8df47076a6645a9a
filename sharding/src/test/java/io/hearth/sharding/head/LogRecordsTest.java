package io.hearth.sharding.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.StaleNaN;
import io.hearth.sharding.api.StorageException;
import io.hearth.sharding.wire.ByteSink;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LogRecordsTest {
  private static final HexFormat HEX = HexFormat.of();

  /** What a visitor saw, in order: "id t float-bits" or "id t histogram". */
  private static List<Object> read(byte[] b) {
    List<Object> out = new ArrayList<>();
    LogRecords.read(b, 0, b.length, "test batch", new LogRecords.Visitor() {
      @Override
      public void sample(long id, long t, double v) {
        out.add(id + " " + t + " " + Long.toHexString(Double.doubleToRawLongBits(v)));
      }

      @Override
      public void histogram(long id, long t, FloatHistogram h) {
        out.add(id + " " + t);
        out.add(h);
      }
    });
    return out;
  }

  private static int[] identity(int n) {
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) idx[i] = i;
    return idx;
  }

  @Test
  void mixedSeriesRoundTripsAsRunsOfEachKind() {
    SplittableRandom r = new SplittableRandom(3);
    long[] ts = {10, 20, 30, 40, 50, 60};
    double[] vs = {1.5, StaleNaN.VALUE, 0, 0, 7, 0};
    FloatHistogram[] hs = new FloatHistogram[6];
    hs[2] = HeadHistogramTest.randomHistogram(r, 2);
    hs[3] = HeadHistogramTest.randomHistogram(r, 3);
    hs[5] = HeadHistogramTest.randomHistogram(r, 5);
    hs[5].customValues = new double[] {0.5, 1, Double.NaN};
    ByteSink sink = new ByteSink(16);
    LogRecords.begin(sink);
    LogRecords.writeSeries(sink, 42, ts, vs, hs, identity(6), 0, 6);
    byte[] b = sink.toByteArray();
    assertEquals(LogRecords.VERSION, b[0]);
    assertEquals(LogRecords.FLOAT_RUN, b[1]);

    List<Object> got = read(b);
    assertEquals(List.of("42 10 3ff8000000000000", "42 20 7ff0000000000002"), got.subList(0, 2));
    assertEquals("42 30", got.get(2));
    HeadHistogramTest.assertSame(hs[2], (FloatHistogram) got.get(3), "first histogram");
    HeadHistogramTest.assertSame(hs[3], (FloatHistogram) got.get(5), "second histogram");
    assertEquals("42 50 401c000000000000", got.get(6));
    assertEquals("42 60", got.get(7));
    HeadHistogramTest.assertSame(hs[5], (FloatHistogram) got.get(8), "histogram after a float");
  }

  @Test
  void histogramRecordHasTheDocumentedLayout() {
    FloatHistogram h = new FloatHistogram();
    h.counterResetHint = FloatHistogram.CounterResetHint.GAUGE;
    h.schema = -53;
    h.count = 3;
    h.sum = 1;
    h.positiveSpans = new int[] {-1, 2};
    h.positiveBuckets = new double[] {1, 2};
    h.customValues = new double[] {0.5};
    ByteSink sink = new ByteSink(16);
    LogRecords.begin(sink);
    LogRecords.writeSeries(sink, 1, new long[] {5}, new double[1], new FloatHistogram[] {h}, identity(1), 0, 1);
    assertEquals("02" + "02" + "0000000000000001" + "01" + "0a"
        + "03" + "69" + "0000000000000000" + "0000000000000000" + "4008000000000000" + "3ff0000000000000"
        + "01" + "01" + "02" + "02" + "3ff0000000000000" + "4000000000000000"
        + "00" + "00" + "01" + "3fe0000000000000", HEX.formatHex(sink.toByteArray()));
  }

  @Test
  void versionOneBatchesAreStillRead() {
    // Written by the first release: version 1, one float run of two samples.
    byte[] b = HEX.parseHex("01" + "0000000000000007" + "02" + "14" + "3ff0000000000000" + "14" + "4000000000000000");
    assertEquals(List.of("7 10 3ff0000000000000", "7 20 4000000000000000"), read(b));
  }

  @Test
  void newerBatchVersionIsRefusedNamingTheVersionsRead() {
    StorageException.UnsupportedVersion e = assertThrows(StorageException.UnsupportedVersion.class,
        () -> read(HEX.parseHex("03" + "01" + "0000000000000007" + "01" + "14" + "3ff0000000000000")));
    assertEquals("ingest-log batch", e.record());
    assertTrue(e.getMessage().contains("found=3, reads=1,2"), e.getMessage());
  }

  @Test
  void concatenatedBatchesReadAsOne() {
    ByteSink a = new ByteSink(16);
    LogRecords.begin(a);
    LogRecords.writeSeries(a, 1, new long[] {1}, new double[] {1}, null, identity(1), 0, 1);
    ByteSink b = new ByteSink(16);
    LogRecords.begin(b);
    LogRecords.writeSeries(b, 2, new long[] {2}, new double[1], new FloatHistogram[] {HeadHistogramTest.simple(2)},
        identity(1), 0, 1);
    a.writeBytes(b.array(), 1, b.length() - 1); // what IgnitePersistence's group commit does
    List<Object> got = read(a.toByteArray());
    assertEquals("1 1 3ff0000000000000", got.get(0));
    assertEquals("2 2", got.get(1));
  }

  @Test
  void corruptBatchesRaiseCorrupt() {
    StorageException.Corrupt e = assertThrows(StorageException.Corrupt.class, () -> read(HEX.parseHex("0209")));
    assertTrue(e.getMessage().contains("unknown log record kind 9"), e.getMessage());
    // A histogram announcing a billion buckets in a few bytes.
    byte[] huge = HEX.parseHex("0202" + "0000000000000001" + "01" + "00" + "00" + "02"
        + "0000000000000000".repeat(4) + "00" + "80a8d6b907");
    e = assertThrows(StorageException.Corrupt.class, () -> read(huge));
    assertTrue(e.getMessage().contains("positive buckets"), e.getMessage());
    byte[] badHint = HEX.parseHex("0202" + "0000000000000001" + "01" + "00" + "07");
    e = assertThrows(StorageException.Corrupt.class, () -> read(badHint));
    assertTrue(e.getMessage().contains("counter reset hint 7"), e.getMessage());
  }
}
