package io.hearth.sharding.exemplar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hearth.sharding.api.ClusterView;
import io.hearth.sharding.api.Exemplar;
import io.hearth.sharding.api.InMemoryCluster;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.Matcher;
import io.hearth.sharding.api.StorageException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterExemplarsTest {
  static final Labels A = Labels.of("__name__", "req_total", "job", "a");
  static final Labels B = Labels.of("__name__", "req_total", "job", "b");
  static final List<List<Matcher>> ALL = List.of(List.of(Matcher.eq("__name__", "req_total")));

  static Exemplar ex(String trace, double v, long t) {
    return new Exemplar(Labels.of("trace_id", trace), v, t, true);
  }

  @Test
  void selectMergesEveryNodesExemplarsBySeriesAndTime() {
    CircularExemplarStore n1 = new CircularExemplarStore(10);
    CircularExemplarStore n2 = new CircularExemplarStore(10);
    n1.add(A, ex("a1", 1, 10));
    n1.add(A, ex("a3", 3, 30));
    n2.add(A, ex("a2", 2, 20));
    n2.add(A, ex("a3", 3, 30)); // the same exemplar sent to both nodes: answered once
    n2.add(B, new Exemplar(Labels.of("trace_id", "b\u00e9"), Double.NaN, -5, true));
    InMemoryCluster cluster = new InMemoryCluster(1, "n1", "n2");
    ClusterExemplars.serve(cluster.view("n1"), n1);
    ClusterExemplars.serve(cluster.view("n2"), n2);
    ClusterView view = cluster.view("n1");
    List<ExemplarSeries> r = new ClusterExemplars(view).select(-100, 100, ALL);
    assertEquals(List.of(A, B), r.stream().map(ExemplarSeries::seriesLabels).toList());
    assertEquals(List.of(10L, 20L, 30L), r.get(0).exemplars().stream().map(Exemplar::timestamp).toList());
    Exemplar b = r.get(1).exemplars().get(0);
    assertEquals(Labels.of("trace_id", "b\u00e9"), b.labels());
    assertEquals(-5, b.timestamp());
    assertEquals(Double.doubleToRawLongBits(Double.NaN), Double.doubleToRawLongBits(b.value()));
    assertEquals(List.of(20L), new ClusterExemplars(view).select(15, 25, List.of(List.of(Matcher.eq("job", "a"))))
        .get(0).exemplars().stream().map(Exemplar::timestamp).toList());
  }

  @Test
  void selectFailsWhenANodeDoesNotAnswer() {
    InMemoryCluster cluster = new InMemoryCluster(1, "n1", "n2");
    ClusterExemplars.serve(cluster.view("n1"), new CircularExemplarStore(10));
    ClusterView view = cluster.view("n1");
    StorageException.Unavailable e = assertThrows(StorageException.Unavailable.class, () -> new ClusterExemplars(view).select(0, 1, ALL));
    assertEquals(true, e.getMessage().contains("n2"), e.getMessage());
  }
}
