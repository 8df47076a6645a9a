package io.hearth.node.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hearth.node.metrics.NodeMetrics;
import io.hearth.node.remote.RemoteWriteV2Decoder;
import io.hearth.node.remote.WriteRequestBuilder;
import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Matcher;
import io.hearth.sharding.api.Querier;
import io.hearth.sharding.api.SampleIterator;
import io.hearth.sharding.api.SeriesSet;
import io.hearth.sharding.api.ValueType;
import io.hearth.sharding.head.Head;
import io.hearth.sharding.head.HeadOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link WriteApi#createdZero}: off, remote write 2.0 created timestamps are dropped as before; on, they become zero samples. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CreatedZeroWriteApiTest {
  static List<String> samples(Head head, String name) {
    List<String> out = new ArrayList<>();
    try (Querier q = head.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      SeriesSet s = q.select(true, Matcher.eq("__name__", name));
      while (s.next()) {
        SampleIterator it = s.at().iterator(null);
        for (ValueType v = it.next(); v != ValueType.NONE; v = it.next()) {
          out.add(it.atT() + "=" + (v == ValueType.FLOAT ? String.valueOf(it.atV()) : "h" + it.atHistogram(null).count));
        }
      }
    }
    return out;
  }

  static int ingest(WriteApi api, WriteRequestBuilder b) {
    byte[] raw = b.build();
    return api.ingest(sink -> new RemoteWriteV2Decoder().decode(raw, 0, raw.length, sink), true).status;
  }

  static WriteRequestBuilder request() {
    FloatHistogram h = new FloatHistogram();
    h.schema = 1;
    h.count = 2;
    h.sum = 3;
    h.positiveSpans = new int[] {0, 1};
    h.positiveBuckets = new double[] {2};
    return WriteRequestBuilder.v2().series("__name__", "c_total").createdTimestamp(1_000).sample(5_000, 4)
        .series("__name__", "lat").createdTimestamp(2_000).histogram(6_000, h);
  }

  @Test
  void withoutTheFeatureCreatedTimestampsStoreNothing() {
    Head head = Head.inMemory(HeadOptions.defaults());
    WriteApi api = new WriteApi(head, new NodeMetrics());
    assertEquals(204, ingest(api, request()));
    assertEquals(List.of("5000=4.0"), samples(head, "c_total"));
    assertEquals(List.of("6000=h2.0"), samples(head, "lat"));
    head.close();
  }

  @Test
  void withTheFeatureFloatsGetZeroAndHistogramsAnEmptyHistogram() {
    Head head = Head.inMemory(HeadOptions.defaults());
    WriteApi api = new WriteApi(head, new NodeMetrics());
    api.createdZero(true);
    assertEquals(204, ingest(api, request()));
    assertEquals(List.of("1000=0.0", "5000=4.0"), samples(head, "c_total"));
    assertEquals(List.of("2000=h0.0", "6000=h2.0"), samples(head, "lat"));
    head.close();
  }
}
