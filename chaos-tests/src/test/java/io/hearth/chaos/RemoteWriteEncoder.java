package io.hearth.chaos;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.xerial.snappy.Snappy;

/**
 * Prometheus remote write 1.0 body, encoded by hand on the protobuf wire format:
 * {@code WriteRequest{1: repeated TimeSeries{1: repeated Label{1: name, 2: value}, 2: repeated Sample{1: double value, 2: int64 timestamp}}}},
 * then snappy block compression.
 */
public final class RemoteWriteEncoder {
  private record Series(String[] labels, double value, long timestampMs) {}

  private final List<Series> series = new ArrayList<>();

  /** Adds one series with one sample; labels as name, value pairs, sorted by name. */
  public RemoteWriteEncoder add(double value, long timestampMs, String... labelPairs) {
    if (labelPairs.length % 2 != 0) throw new IllegalArgumentException("label pairs");
    for (int i = 2; i < labelPairs.length; i += 2) {
      if (labelPairs[i - 2].compareTo(labelPairs[i]) >= 0) throw new IllegalArgumentException("labels must be sorted by name");
    }
    series.add(new Series(labelPairs.clone(), value, timestampMs));
    return this;
  }

  public byte[] protobuf() {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream(64 * series.size() + 16);
      CodedOutputStream w = CodedOutputStream.newInstance(out);
      for (Series s : series) {
        byte[] ts = timeSeries(s);
        w.writeByteArray(1, ts);
      }
      w.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] timeSeries(Series s) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    CodedOutputStream w = CodedOutputStream.newInstance(out);
    for (int i = 0; i < s.labels.length; i += 2) {
      ByteArrayOutputStream lo = new ByteArrayOutputStream(32);
      CodedOutputStream l = CodedOutputStream.newInstance(lo);
      l.writeString(1, s.labels[i]);
      l.writeString(2, s.labels[i + 1]);
      l.flush();
      w.writeByteArray(1, lo.toByteArray());
    }
    ByteArrayOutputStream so = new ByteArrayOutputStream(24);
    CodedOutputStream sample = CodedOutputStream.newInstance(so);
    sample.writeDouble(1, s.value);
    sample.writeInt64(2, s.timestampMs);
    sample.flush();
    w.writeByteArray(2, so.toByteArray());
    w.flush();
    return out.toByteArray();
  }

  public byte[] snappy() {
    try {
      return Snappy.compress(protobuf());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
