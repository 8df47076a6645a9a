package io.hearth.sharding.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import net.openhft.hashing.LongHashFunction;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The series hash is stored (it is the series id and picks the partition), so the allocation-free
 * way it is computed must give exactly XXH3 of the canonical bytes, for every kind of label.
 */
class LabelsHashTest {
  private static long reference(Labels l) {
    return LongHashFunction.xx3().hashBytes(l.canonicalBytes());
  }

  @Test
  void hashIsXxh3OfTheCanonicalBytesForAsciiUnicodeEmptyAndHugeLabels() {
    List<Labels> cases = List.of(
        Labels.EMPTY,
        Labels.of("__name__", "up"),
        Labels.of("__name__", "http_requests_total", "job", "api", "instance", "10.0.0.1:9090", "le", "+Inf"),
        Labels.of("__name__", "température", "city", "Zürich", "emoji", "\uD83D\uDD25"),
        Labels.of("__name__", "big", "v", "x".repeat(70_000)),
        Labels.of("__name__", "grow", "v", "y".repeat(3_000)));
    for (Labels l : cases) {
      assertEquals(reference(l), Labels.ofSortedPairsUnchecked(pairs(l)).hash64(), l.toString());
    }
  }

  private static String[] pairs(Labels l) {
    List<String> out = new ArrayList<>();
    l.forEach((n, v) -> {
      out.add(n);
      out.add(v);
    });
    return out.toArray(new String[0]);
  }

  @Test
  void hashingAsciiLabelsAllocatesNothingPerSeries() {
    var mx = ManagementFactory.getThreadMXBean();
    Assumptions.assumeTrue(mx instanceof com.sun.management.ThreadMXBean, "needs HotSpot's ThreadMXBean");
    var bean = (com.sun.management.ThreadMXBean) mx;
    bean.setThreadAllocatedMemoryEnabled(true);
    Labels warm = Labels.of("__name__", "warm", "pod", "p".repeat(900));
    warm.hash64();
    int n = 10_000;
    Labels[] series = new Labels[n];
    for (int i = 0; i < n; i++) {
      series[i] = Labels.of("__name__", "container_cpu_usage_seconds_total", "namespace", "team-" + (i % 20),
          "pod", "api-" + i, "container", "app", "image", "registry.example/app:1." + (i % 7));
    }
    long tid = Thread.currentThread().getId();
    long before = bean.getThreadAllocatedBytes(tid);
    long sum = 0;
    for (Labels l : series) sum += l.hash64();
    long perSeries = (bean.getThreadAllocatedBytes(tid) - before) / n;
    assertTrue(sum != 0);
    assertTrue(perSeries < 16, "hashing allocated " + perSeries + " bytes per series");
  }
}
