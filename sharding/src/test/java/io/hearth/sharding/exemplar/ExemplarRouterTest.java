package io.hearth.sharding.exemplar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hearth.sharding.api.Exemplar;
import io.hearth.sharding.api.InMemoryCluster;
import io.hearth.sharding.api.Labels;
import io.hearth.sharding.api.Matcher;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExemplarRouterTest {
  static final Labels S = Labels.of("__name__", "req_total", "job", "a");
  static final List<List<Matcher>> ALL = List.of(List.of(Matcher.eq("__name__", "req_total")));

  /** Nodes a and b, the one partition served by b. */
  static InMemoryCluster servedByB() {
    InMemoryCluster c = new InMemoryCluster(1, "a", "b");
    c.assign(0, "b");
    return c;
  }

  /** The router of node {@code node}, serving {@code store}. */
  static ExemplarRouter router(InMemoryCluster cluster, String node, ExemplarStore store) {
    return ExemplarRouter.serve(cluster.view(node), store);
  }

  static Exemplar ex(String trace, long t) {
    return new Exemplar(Labels.of("trace_id", trace), 1, t, true);
  }

  @Test
  void exemplarsGoToTheSeriesOwnerWhichChecksTheirOrder() {
    CircularExemplarStore atA = new CircularExemplarStore(10);
    CircularExemplarStore atB = new CircularExemplarStore(10);
    InMemoryCluster cluster = servedByB();
    ExemplarRouter routerA = router(cluster, "a", atA);
    router(cluster, "b", atB);
    atB.add(S, ex("held", 20));
    routerA.add(List.of(S, S), List.of(ex("older", 10), ex("newer", 30)));
    assertEquals(0, atA.size(), "the receiving node keeps nothing of a series it does not own");
    assertEquals(List.of("held", "newer"),
        atB.select(0, 100, ALL).get(0).exemplars().stream().map(e -> e.labels().get("trace_id")).toList());
    assertEquals(1, atB.outOfOrder.sum(), "the owner refused the older one");
    assertEquals(0, routerA.undelivered.sum());
  }

  @Test
  void anExemplarWhoseOwnerDoesNotAnswerIsDroppedAndCounted() {
    CircularExemplarStore atA = new CircularExemplarStore(10);
    ExemplarRouter router = router(servedByB(), "a", atA); // b serves nothing: it never answers
    router.add(List.of(S), List.of(ex("lost", 10)));
    assertEquals(1, router.undelivered.sum());
    assertEquals(0, atA.size());
  }

  @Test
  void theOwnerKeepsItsOwnSeriesExemplarsWithoutACall() {
    CircularExemplarStore atB = new CircularExemplarStore(10);
    InMemoryCluster cluster = servedByB();
    ExemplarRouter router = router(cluster, "b", atB);
    cluster.close(); // no call can succeed now: a local add must not need one
    router.add(List.of(S), List.of(ex("kept", 10)));
    assertEquals(1, atB.size());
    assertEquals(0, router.undelivered.sum());
  }
}
