package io.hearth.scrape.discovery.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The informer machinery shared by Kubernetes discovery and the operator's watcher, against fabric8's mock API server. */
class InformerGroupTest {
  private MockCluster cluster;
  private InformerGroup group;

  @AfterEach
  void tearDown() {
    if (group != null) group.close();
    if (cluster != null) cluster.close();
  }

  private static Pod pod(String name) {
    return new PodBuilder().withNewMetadata().withNamespace("default").withName(name).endMetadata().build();
  }

  @Test
  void syncRunsTheRoundsActionOnceAndLaterEventsRunTheChangeAction() throws Exception {
    cluster = new MockCluster();
    cluster.client().pods().inNamespace("default").resource(pod("a")).create();
    AtomicInteger synced = new AtomicInteger();
    AtomicInteger podsAtSync = new AtomicInteger(-1);
    AtomicInteger podsAtLastChange = new AtomicInteger(-1);
    AtomicReference<SharedIndexInformer<Pod>> pods = new AtomicReference<>();
    group = new InformerGroup("test-informers", "test group", 100,
        () -> podsAtLastChange.set(pods.get().getStore().list().size()));
    group.start(() -> {
      pods.set(group.register(cluster.client().pods().inNamespace("default").runnableInformer(0)));
      return group.startAll().thenApply(v -> () -> {
        synced.incrementAndGet();
        podsAtSync.set(pods.get().getStore().list().size());
      });
    });
    Poll.until(group::synced, "the first sync");
    Poll.until(() -> synced.get() == 1, "the sync action");
    assertEquals(1, podsAtSync.get(), "the action sees the listed cache");
    assertEquals(-1, podsAtLastChange.get(), "the initial list is not a change");
    cluster.client().pods().inNamespace("default").resource(pod("b")).create();
    Poll.until(() -> podsAtLastChange.get() == 2, "the change action after a pod was added");
    assertEquals(1, synced.get(), "the sync action runs once");
  }

  @Test
  void aRoundThatThrowsOrWhoseSyncFailsRunsAgainAfterTheRetryDelay() throws Exception {
    AtomicInteger rounds = new AtomicInteger();
    AtomicInteger synced = new AtomicInteger();
    group = new InformerGroup("test-informers", "test group", 200, () -> { });
    long start = System.nanoTime();
    group.start(() -> {
      int n = rounds.incrementAndGet();
      if (n == 1) throw new IllegalStateException("no client yet");
      if (n == 2) return CompletableFuture.failedFuture(new IllegalStateException("list forbidden"));
      return CompletableFuture.completedFuture(synced::incrementAndGet);
    });
    Poll.until(() -> synced.get() == 1, "a successful third round");
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertEquals(3, rounds.get());
    assertTrue(ms >= 400, "two retries 200 ms apart took only " + ms + " ms");
    assertTrue(group.synced());
  }

  @Test
  void closeRunsTheLastActionAndNoChangeActionAfterIt() throws Exception {
    AtomicInteger changes = new AtomicInteger();
    AtomicInteger last = new AtomicInteger();
    group = new InformerGroup("test-informers", "test group", 100, changes::incrementAndGet);
    group.start(() -> CompletableFuture.completedFuture(() -> { }));
    Poll.until(group::synced, "the sync");
    group.changed();
    Poll.until(() -> changes.get() == 1, "the change action");
    group.close(last::incrementAndGet);
    assertEquals(1, last.get(), "close waits for the last action");
    assertTrue(group.closed());
    group.changed();
    group.close();
    assertEquals(1, changes.get(), "nothing runs after close");
  }
}
