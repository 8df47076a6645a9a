package io.hearth.node.notifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hearth.sharding.api.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AlertQueueTest {
  static List<Alert> alerts(int from, int to) {
    List<Alert> out = new ArrayList<>();
    for (int i = from; i < to; i++) out.add(new Alert(Labels.of("alertname", "A" + i), Labels.EMPTY, i, 0, ""));
    return out;
  }

  static List<String> names(List<Alert> as) {
    return as.stream().map(a -> a.labels().get("alertname")).toList();
  }

  @Test
  void fullQueueDropsTheOldestAndSaysHowMany() throws Exception {
    AlertQueue q = new AlertQueue(4);
    assertEquals(0, q.offer(alerts(0, 3)));
    assertEquals(2, q.offer(alerts(3, 6)));
    assertEquals(4, q.size());
    assertEquals(List.of("A2", "A3", "A4", "A5"), names(q.awaitBatch(64, 0, TimeUnit.MILLISECONDS)));
  }

  @Test
  void batchLargerThanTheQueueKeepsItsNewest() throws Exception {
    AlertQueue q = new AlertQueue(3);
    q.offer(alerts(0, 2));
    assertEquals(2 + 4, q.offer(alerts(2, 9)));
    assertEquals(List.of("A6", "A7", "A8"), names(q.awaitBatch(64, 0, TimeUnit.MILLISECONDS)));
  }

  @Test
  void batchesTakeAtMostTheAskedNumberOldestFirst() throws Exception {
    AlertQueue q = new AlertQueue(200);
    q.offer(alerts(0, 130));
    assertEquals(64, q.awaitBatch(64, 0, TimeUnit.MILLISECONDS).size());
    assertEquals("A64", q.awaitBatch(64, 0, TimeUnit.MILLISECONDS).get(0).labels().get("alertname"));
    assertEquals(List.of("A128", "A129"), names(q.awaitBatch(64, 0, TimeUnit.MILLISECONDS)));
    assertEquals(List.of(), q.awaitBatch(64, 10, TimeUnit.MILLISECONDS));
  }

  @Test
  void capacityBelowOneIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new AlertQueue(0));
  }
}
