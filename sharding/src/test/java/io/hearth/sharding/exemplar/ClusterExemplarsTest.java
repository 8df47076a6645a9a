package io.hearth.sharding.exemplar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hearth.sharding.api.ClusterView;
import io.hearth.sharding.api.Exemplar;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.Matcher;
import io.hearth.sharding.api.StorageException;
import io.hearth.sharding.api.Topology;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class ClusterExemplarsTest {
  static final Labels A = Labels.of("__name__", "req_total", "job", "a");
  static final Labels B = Labels.of("__name__", "req_total", "job", "b");
  static final List<List<Matcher>> ALL = List.of(List.of(Matcher.eq("__name__", "req_total")));

  /**
   * Nodes in one process: a call runs the named node's handler; a node without one never answers.
   * One partition; the topology is seen from {@code local}, the partition served by {@code owner}
   * (both the first node unless set).
   */
  static final class Nodes implements ClusterView {
    final Map<String, Handler> handlers = new ConcurrentHashMap<>();
    final List<String> names;
    String serving;
    String local;
    String owner;

    Nodes(String... names) {
      this.names = List.of(names);
      this.local = names[0];
      this.owner = names[0];
    }

    @Override
    public Topology topology() {
      return new Topology(1, local, names, new String[] {owner});
    }

    @Override
    public CompletableFuture<byte[]> call(String node, String service, byte[] request) {
      Handler h = handlers.get(node + "/" + service);
      if (h == null) return CompletableFuture.failedFuture(new StorageException.Unavailable("node " + node + " left"));
      try {
        return CompletableFuture.completedFuture(h.handle(request));
      } catch (Exception e) {
        return CompletableFuture.failedFuture(e);
      }
    }

    @Override
    public void serve(String service, Handler handler) {
      handlers.put(serving + "/" + service, handler);
    }

    void serve(String node, ExemplarQueryable local) {
      serving = node;
      ClusterExemplars.serve(this, local);
    }
  }

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
    Nodes view = new Nodes("n1", "n2");
    view.serve("n1", n1);
    view.serve("n2", n2);
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
    Nodes view = new Nodes("n1", "n2");
    view.serve("n1", new CircularExemplarStore(10));
    StorageException.Unavailable e = assertThrows(StorageException.Unavailable.class, () -> new ClusterExemplars(view).select(0, 1, ALL));
    assertEquals(true, e.getMessage().contains("n2"), e.getMessage());
  }
}
