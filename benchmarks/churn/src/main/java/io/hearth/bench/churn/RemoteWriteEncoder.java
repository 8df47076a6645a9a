package io.hearth.bench.churn;

import com.google.protobuf.CodedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.xerial.snappy.Snappy;

/**
 * Remote write 1.0 bodies ({@code prometheus.WriteRequest}, snappy block format) written field by field with
 * protobuf-java's {@link CodedOutputStream}: {@code WriteRequest.timeseries = 1}, {@code TimeSeries.labels = 1},
 * {@code TimeSeries.samples = 2}, {@code Label.name = 1, value = 2}, {@code Sample.value = 1 (double), timestamp = 2
 * (int64)}. Usage: {@link #series} for each series with its already encoded labels and its samples, then {@link
 * #finish}. Not thread-safe; one per connection.
 */
final class RemoteWriteEncoder {
  private byte[] buf = new byte[1 << 16];
  private int len;
  private long samples;

  /** Label messages, each as field 1 of a TimeSeries, for alternating name/value strings. */
  static byte[] labels(String[] kv) {
    int size = 0;
    int[] inner = new int[kv.length / 2];
    for (int i = 0; i < kv.length; i += 2) {
      inner[i / 2] = CodedOutputStream.computeStringSize(1, kv[i]) + CodedOutputStream.computeStringSize(2, kv[i + 1]);
      size += CodedOutputStream.computeTagSize(1) + CodedOutputStream.computeUInt32SizeNoTag(inner[i / 2]) + inner[i / 2];
    }
    byte[] out = new byte[size];
    CodedOutputStream o = CodedOutputStream.newInstance(out);
    try {
      for (int i = 0; i < kv.length; i += 2) {
        o.writeTag(1, 2);
        o.writeUInt32NoTag(inner[i / 2]);
        o.writeString(1, kv[i]);
        o.writeString(2, kv[i + 1]);
      }
      o.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static int sampleSize(long ts, double v) {
    return CodedOutputStream.computeDoubleSize(1, v) + CodedOutputStream.computeInt64Size(2, ts);
  }

  /** Appends one TimeSeries with samples {@code (ts[i], vs[i])} for {@code i < n}. */
  void series(byte[] encodedLabels, long[] ts, double[] vs, int n) {
    int inner = encodedLabels.length;
    for (int i = 0; i < n; i++) {
      int s = sampleSize(ts[i], vs[i]);
      inner += CodedOutputStream.computeTagSize(2) + CodedOutputStream.computeUInt32SizeNoTag(s) + s;
    }
    int total = CodedOutputStream.computeTagSize(1) + CodedOutputStream.computeUInt32SizeNoTag(inner) + inner;
    if (len + total > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + total));
    CodedOutputStream o = CodedOutputStream.newInstance(buf, len, total);
    try {
      o.writeTag(1, 2);
      o.writeUInt32NoTag(inner);
      o.writeRawBytes(encodedLabels);
      for (int i = 0; i < n; i++) {
        o.writeTag(2, 2);
        o.writeUInt32NoTag(sampleSize(ts[i], vs[i]));
        o.writeDouble(1, vs[i]);
        o.writeInt64(2, ts[i]);
      }
      o.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    len += total;
    samples += n;
  }

  long samples() {
    return samples;
  }

  /** The snappy-compressed body of everything appended since the last call; resets the encoder. */
  byte[] finish() {
    try {
      byte[] out = Snappy.compress(Arrays.copyOf(buf, len));
      len = 0;
      samples = 0;
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
