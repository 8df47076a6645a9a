package io.hearth.node.remote;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.sharding.api.FloatHistogram;
import io.hearth.sharding.api.Labels;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Decoding allocates per request and per series, never per sample: the bytes allocated for 100k
 * samples stay within a small constant of those for 1k. A soft bound, not a timing.
 */
class RemoteWriteAllocationTest {
  /** A sink that keeps primitives only. */
  static final class CountingSink implements WriteSink {
    long n;
    long sumT;
    double sumV;

    @Override
    public void series(Labels labels) {
      n += labels.size();
    }

    @Override
    public void sample(long t, double v) {
      n++;
      sumT += t;
      sumV += v;
    }

    @Override
    public void histogram(long t, FloatHistogram h) {
      n++;
      sumV += h.count;
    }
  }

  private static com.sun.management.ThreadMXBean bean() {
    var b = ManagementFactory.getThreadMXBean();
    Assumptions.assumeTrue(b instanceof com.sun.management.ThreadMXBean, "needs HotSpot's ThreadMXBean");
    var hb = (com.sun.management.ThreadMXBean) b;
    Assumptions.assumeTrue(hb.isThreadAllocatedMemorySupported());
    hb.setThreadAllocatedMemoryEnabled(true);
    return hb;
  }

  private static byte[] body(boolean v2, int samples, boolean histograms) {
    WriteRequestBuilder b = (v2 ? WriteRequestBuilder.v2() : WriteRequestBuilder.v1())
        .series(Labels.of("__name__", "up", "job", "api", "instance", "host:9090"));
    WriteRequestBuilder.IntHistogram ih = new WriteRequestBuilder.IntHistogram();
    ih.count = 6;
    ih.positiveSpans = new int[] {0, 3};
    ih.positiveDeltas = new long[] {1, 1, 1};
    for (int i = 0; i < samples; i++) {
      if (histograms) {
        b.intHistogram(i * 15_000L, ih);
      } else {
        b.sample(i * 15_000L, i * 0.5);
      }
    }
    return b.build();
  }

  private static long allocated(Runnable r, com.sun.management.ThreadMXBean bean) {
    long tid = Thread.currentThread().getId();
    long best = Long.MAX_VALUE;
    for (int round = 0; round < 5; round++) {
      long before = bean.getThreadAllocatedBytes(tid);
      r.run();
      best = Math.min(best, bean.getThreadAllocatedBytes(tid) - before);
    }
    return best;
  }

  private static void check(boolean v2, boolean histograms) {
    var bean = bean();
    byte[] small = body(v2, 1_000, histograms);
    byte[] large = body(v2, 100_000, histograms);
    CountingSink sink = new CountingSink();
    RemoteWriteDecoder d1 = new RemoteWriteDecoder();
    RemoteWriteV2Decoder d2 = new RemoteWriteV2Decoder();
    Runnable smallRun = () -> decode(v2, d1, d2, small, sink);
    Runnable largeRun = () -> decode(v2, d1, d2, large, sink);
    for (int i = 0; i < 20; i++) {
      smallRun.run();
      largeRun.run();
    }
    long a = allocated(smallRun, bean);
    long b = allocated(largeRun, bean);
    // 99k more samples: even one 16-byte object each would be 1.6 MB.
    assertTrue(b - a < 64 * 1024, "decoding 100k samples allocated " + b + " B vs " + a + " B for 1k");
    assertTrue(sink.n > 0);
  }

  private static void decode(boolean v2, RemoteWriteDecoder d1, RemoteWriteV2Decoder d2, byte[] body, WriteSink sink) {
    if (v2) {
      d2.decode(body, 0, body.length, sink);
    } else {
      d1.decode(body, 0, body.length, sink);
    }
  }

  @Test
  void decoding1_0SamplesAllocatesNothingPerSample() {
    check(false, false);
  }

  @Test
  void decoding2_0SamplesAllocatesNothingPerSample() {
    check(true, false);
  }

  @Test
  void decodingHistogramsOfOneLayoutReusesTheInstance() {
    check(false, true);
  }

  /** Labels repeat in every request: the second decode of the same series takes its strings from the cache. */
  @Test
  void repeatedLabelStringsAreSharedNotDecodedAgain() {
    var bean = bean();
    WriteRequestBuilder b = WriteRequestBuilder.v1();
    for (int i = 0; i < 2_000; i++) {
      b.series(Labels.of("__name__", "kube_pod_info", "namespace", "team-" + (i % 20), "pod", "api-7d9f8-" + i,
          "node", "ip-10-0-" + (i % 50) + ".ec2.internal", "uid", "1f0e5c3a-" + i)).sample(1_000L, i);
    }
    byte[] body = b.build();
    java.util.List<Labels> first = new java.util.ArrayList<>();
    java.util.List<Labels> second = new java.util.ArrayList<>();
    new RemoteWriteDecoder().decode(body, 0, body.length, sinkInto(first));
    long tid = Thread.currentThread().getId();
    long before = bean.getThreadAllocatedBytes(tid);
    new RemoteWriteDecoder().decode(body, 0, body.length, sinkInto(second));
    long again = bean.getThreadAllocatedBytes(tid) - before;
    assertTrue(first.equals(second), "same labels decoded");
    int shared = 0;
    for (int i = 0; i < first.size(); i++) {
      if (first.get(i).get("pod") == second.get(i).get("pod")) shared++;
    }
    assertTrue(shared > first.size() * 9 / 10, shared + " of " + first.size() + " pod values shared between decodes");
    assertTrue(again / first.size() < 400, "second decode allocated " + again / first.size() + " bytes per series");
  }

  @Test
  void everyDecodedStringIsTheOneSentEvenWhenCacheSlotsCollide() {
    WriteRequestBuilder b = WriteRequestBuilder.v1();
    java.util.List<Labels> sent = new java.util.ArrayList<>();
    for (int i = 0; i < 200_000; i++) {
      Labels l = Labels.of("__name__", "m", "v", Integer.toString(i, 36));
      sent.add(l);
      b.series(l).sample(1_000L, i);
    }
    java.util.List<Labels> got = new java.util.ArrayList<>();
    byte[] big = b.build();
    new RemoteWriteDecoder().decode(big, 0, big.length, sinkInto(got));
    byte[] one = WriteRequestBuilder.v1().series(sent.get(7)).sample(1, 1).build();
    new RemoteWriteDecoder().decode(one, 0, one.length, sinkInto(got));
    assertTrue(got.subList(0, sent.size()).equals(sent));
    assertTrue(got.get(sent.size()).equals(sent.get(7)));
  }

  private static WriteSink sinkInto(java.util.List<Labels> out) {
    return new WriteSink() {
      @Override
      public void series(Labels labels) {
        out.add(labels);
      }

      @Override
      public void sample(long t, double v) {}

      @Override
      public void histogram(long t, FloatHistogram h) {}
    };
  }
}
