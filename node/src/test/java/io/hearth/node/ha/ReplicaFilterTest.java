package io.hearth.node.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.node.api.WriteApi;
import io.hearth.node.http.ApiRequest;
import io.hearth.node.http.ApiResponse;
import io.hearth.node.metrics.HaMetrics;
import io.hearth.node.metrics.NodeMetrics;
import io.hearth.node.remote.RemoteWriteDecoder;
import io.hearth.node.remote.RemoteWriteV2Decoder;
import io.hearth.node.remote.WriteRequestBuilder;
import io.hearth.node.remote.WriteSink;
import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.Matcher;
import io.hearth.sharding.api.Querier;
import io.hearth.sharding.api.SeriesSet;
import io.hearth.sharding.ha.LocalReplicaElections;
import io.hearth.sharding.ha.ReplicaTracker;
import io.hearth.sharding.head.Head;
import io.hearth.sharding.head.HeadOptions;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * What an HA pair's requests deliver to storage through the real 1.0 and 2.0 decoders: the first
 * series decides, the elected replica's series lose the replica label, the other replica's deliver
 * nothing and are counted, requests without both labels pass unchanged; and the write endpoint
 * answers a dropped request 202 with nothing stored.
 */
class ReplicaFilterTest {
  private final HaMetrics metrics = new HaMetrics();
  private long now = 1_000;
  private final HaDedup dedup = new HaDedup("cluster", "__replica__", new ReplicaTracker(new LocalReplicaElections(), 30_000),
      metrics, () -> now);

  /** Labels and sample counts as the storage sink would see them. */
  private static final class Seen implements WriteSink {
    final List<Labels> series = new ArrayList<>();
    int samples;
    int histograms;

    @Override
    public void series(Labels labels) {
      series.add(labels);
    }

    @Override
    public void sample(long t, double v) {
      samples++;
    }

    @Override
    public void histogram(long t, FloatHistogram h) {
      histograms++;
    }
  }

  private static WriteRequestBuilder pair(WriteRequestBuilder b, String replica) {
    return b.series("__name__", "up", "__replica__", replica, "cluster", "c1", "job", "node").sample(1, 1).sample(2, 1)
        .series("__name__", "load1", "__replica__", replica, "cluster", "c1", "job", "node").sample(1, 0.5);
  }

  private Seen decode(byte[] body, boolean v2, ReplicaFilter[] filterOut) {
    Seen seen = new Seen();
    ReplicaFilter f = dedup.filter(seen);
    if (v2) new RemoteWriteV2Decoder().decode(body, 0, body.length, f);
    else new RemoteWriteDecoder().decode(body, 0, body.length, f);
    f.finish();
    filterOut[0] = f;
    return seen;
  }

  @Test
  void electedReplicaIsStoredWithoutTheReplicaLabelInBothVersions() {
    for (boolean v2 : new boolean[] {false, true}) {
      ReplicaFilter[] f = new ReplicaFilter[1];
      Seen seen = decode(pair(v2 ? WriteRequestBuilder.v2() : WriteRequestBuilder.v1(), "r1").build(), v2, f);
      assertFalse(f[0].dropped());
      assertEquals(List.of(Labels.of("__name__", "up", "cluster", "c1", "job", "node"),
          Labels.of("__name__", "load1", "cluster", "c1", "job", "node")), seen.series, v2 ? "2.0" : "1.0");
      assertEquals(3, seen.samples);
    }
  }

  @Test
  void otherReplicaDeliversNothingAndIsCountedPerCluster() {
    ReplicaFilter[] f = new ReplicaFilter[1];
    decode(pair(WriteRequestBuilder.v1(), "r1").build(), false, f);
    for (boolean v2 : new boolean[] {false, true}) {
      Seen seen = decode(pair(v2 ? WriteRequestBuilder.v2() : WriteRequestBuilder.v1(), "r2").build(), v2, f);
      assertTrue(f[0].dropped());
      assertEquals("c1", f[0].cluster());
      assertEquals(List.of(), seen.series);
      assertEquals(0, seen.samples);
    }
    assertEquals(6, metrics.droppedSamples("c1").sum(), "three samples in each of two requests");
  }

  @Test
  void firstSeriesDecidesForTheWholeRequest() {
    ReplicaFilter[] f = new ReplicaFilter[1];
    decode(pair(WriteRequestBuilder.v1(), "r1").build(), false, f);
    byte[] mixed = WriteRequestBuilder.v1().series("__name__", "a", "__replica__", "r2", "cluster", "c1").sample(1, 1)
        .series("__name__", "b", "__replica__", "r1", "cluster", "c1").sample(1, 1).build();
    Seen seen = decode(mixed, false, f);
    assertTrue(f[0].dropped());
    assertEquals(0, seen.samples);
  }

  @Test
  void requestsWithoutBothLabelsPassUnchangedAndElectNothing() {
    ReplicaFilter[] f = new ReplicaFilter[1];
    byte[] clusterOnly = WriteRequestBuilder.v1().series("__name__", "up", "cluster", "c1").sample(1, 1).build();
    byte[] replicaOnly = WriteRequestBuilder.v2().series("__name__", "up", "__replica__", "r9").sample(1, 1).build();
    assertEquals(List.of(Labels.of("__name__", "up", "cluster", "c1")), decode(clusterOnly, false, f).series);
    assertEquals(List.of(Labels.of("__name__", "up", "__replica__", "r9")), decode(replicaOnly, true, f).series);
    assertFalse(f[0].dropped());
    assertEquals(Map.of(), dedup.tracker().elections());
  }

  @Test
  void writeEndpointAnswersTheOtherReplica202AndStoresNothingOfIt() {
    Head head = Head.inMemory(HeadOptions.defaults());
    WriteApi api = new WriteApi(head, new NodeMetrics());
    api.haDedup(dedup);
    assertEquals(204, api.write(post(pair(WriteRequestBuilder.v1(), "r1").buildSnappy())).status);
    now += 1_000;
    ApiResponse other = api.write(post(WriteRequestBuilder.v1().series("__name__", "other_only", "__replica__", "r2",
        "cluster", "c1").sample(5, 1).buildSnappy()));
    assertEquals(202, other.status);
    TreeSet<String> stored = new TreeSet<>();
    try (Querier q = head.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      SeriesSet s = q.select(false, Matcher.of(Matcher.Type.RE, "__name__", ".+"));
      while (s.next()) stored.add(s.at().labels().toString());
    }
    assertEquals(new TreeSet<>(List.of("load1{cluster=\"c1\", job=\"node\"}", "up{cluster=\"c1\", job=\"node\"}")), stored);
    head.close();
  }

  private static ApiRequest post(byte[] snappy) {
    DefaultHttpHeaders h = new DefaultHttpHeaders();
    h.set("Content-Type", "application/x-protobuf");
    h.set("Content-Encoding", "snappy");
    h.set("X-Prometheus-Remote-Write-Version", "0.1.0");
    return new ApiRequest(HttpMethod.POST, "/api/v1/write", Map.of(), h, snappy);
  }
}
