package io.hearth.node.remote;

import static io.hearth.sharding.wire.ProtoReader.FIXED64;
import static io.hearth.sharding.wire.ProtoReader.VARINT;

import io.hearth.sharding.wire.ProtoReader;

/**
 * Reads one {@code Exemplar} message of remote write 1.0 or 2.0: {@code value=2 double} and {@code
 * timestamp=3 int64} are the same in both; field 1 (labels in 1.0, symbol references in 2.0) goes
 * to the version's own reader. Reused exemplar after exemplar; not thread-safe.
 */
final class ExemplarFields {
  /** Reads field 1 at the reader's position (its tag already read). */
  @FunctionalInterface
  interface LabelsField {
    void read();
  }

  double value;
  long timestamp;

  /** Reads the exemplar message the reader was narrowed to. */
  void read(ProtoReader r, LabelsField labels) {
    value = 0;
    timestamp = 0;
    while (r.more()) {
      int field = r.readTag("Exemplar");
      if (field == 1) {
        labels.read();
      } else if (field == 2) {
        r.expect(FIXED64, "Value");
        value = r.readDouble();
      } else if (field == 3) {
        r.expect(VARINT, "Timestamp");
        timestamp = r.readVarint();
      } else {
        r.skip();
      }
    }
  }
}
