package io.hearth.sharding.head;

import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.wire.ByteSink;
import io.hearth.sharding.wire.ByteSource;

/** The ingest log's encoding of one native histogram, for other wire formats that carry samples. */
public final class SampleCodec {
  private SampleCodec() {}

  public static void writeHistogram(ByteSink out, FloatHistogram h) {
    LogRecords.writeHistogram(out, h);
  }

  /** Reads a histogram written by {@link #writeHistogram}; {@code end} bounds it; {@code what} names the input in errors. */
  public static FloatHistogram readHistogram(ByteSource in, int end, String what) {
    return LogRecords.readHistogram(in, end, what);
  }
}
