package io.hearth.sharding.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.sharding.api.ReplicaElection;
import io.hearth.sharding.api.ReplicaElections;
import io.hearth.sharding.api.StorageException;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The deadline wrapper keeps the store's contract, and turns every way a store fails to answer into {@code Unavailable}. */
class DeadlineReplicaElectionsTest extends ReplicaElectionsContract {
  private final DeadlineReplicaElections store = new DeadlineReplicaElections(new LocalReplicaElections(), 5_000);
  private final CountDownLatch release = new CountDownLatch(1);

  @Override
  protected ReplicaElections store() {
    return store;
  }

  @AfterEach
  void close() {
    release.countDown();
    store.close();
  }

  /** A store whose reads run {@code onRead}; the other calls are not used here. */
  private static ReplicaElections reading(Runnable onRead) {
    return new ReplicaElections() {
      @Override
      public ReplicaElection get(String cluster) {
        onRead.run();
        return null;
      }

      @Override
      public ReplicaElection putIfAbsent(String cluster, ReplicaElection election) {
        throw new UnsupportedOperationException();
      }

      @Override
      public boolean replace(String cluster, ReplicaElection expected, ReplicaElection next) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Map<String, ReplicaElection> all() {
        throw new UnsupportedOperationException();
      }
    };
  }

  private void hang() {
    try {
      release.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  @Timeout(30)
  void callThatHangsIsUnavailableAfterTheDeadline() {
    try (DeadlineReplicaElections d = new DeadlineReplicaElections(reading(this::hang), 200)) {
      StorageException.Unavailable e = assertThrows(StorageException.Unavailable.class, () -> d.get("c1"));
      assertEquals("replica election store did not answer within 200 ms [op=read, cluster=c1]", e.getMessage());
    }
  }

  @Test
  @Timeout(30)
  void callsBeyondTheHungOnesAreRefusedAtOnce() throws Exception {
    CountDownLatch entered = new CountDownLatch(DeadlineReplicaElections.MAX_CALLS);
    try (DeadlineReplicaElections d = new DeadlineReplicaElections(reading(() -> {
      entered.countDown();
      hang();
    }), 60_000)) {
      for (int i = 0; i < DeadlineReplicaElections.MAX_CALLS; i++) {
        Thread t = new Thread(() -> {
          try {
            d.get("c1");
          } catch (StorageException.Unavailable stopped) {
            // what these callers get does not matter here: they only occupy the calls
          }
        });
        t.setDaemon(true);
        t.start();
      }
      assertTrue(entered.await(20, TimeUnit.SECONDS), "the hanging calls started");
      StorageException.Unavailable e = assertThrows(StorageException.Unavailable.class, () -> d.get("c2"));
      assertEquals("replica election store busy [op=read, cluster=c2]: 4 earlier calls still wait on it", e.getMessage());
    }
  }

  @Test
  void anyFailureOfTheStoreIsUnavailableWithItsMessage() {
    try (DeadlineReplicaElections d = new DeadlineReplicaElections(reading(() -> {
      throw new IllegalStateException("cache stopped");
    }), 5_000)) {
      StorageException.Unavailable e = assertThrows(StorageException.Unavailable.class, () -> d.get("c1"));
      assertEquals("replica election store failed [op=read, cluster=c1]: java.lang.IllegalStateException: cache stopped", e.getMessage());
    }
  }

  @Test
  void unavailableFromTheStoreIsPassedOnAsItIs() {
    StorageException.Unavailable own = new StorageException.Unavailable("replica election store unavailable [op=read, cluster=c1]: no copy");
    try (DeadlineReplicaElections d = new DeadlineReplicaElections(reading(() -> {
      throw own;
    }), 5_000)) {
      assertSame(own, assertThrows(StorageException.Unavailable.class, () -> d.get("c1")));
    }
  }

  @Test
  void closedStoreIsUnavailable() {
    DeadlineReplicaElections d = new DeadlineReplicaElections(new LocalReplicaElections(), 5_000);
    d.close();
    StorageException.Unavailable e = assertThrows(StorageException.Unavailable.class, () -> d.get("c1"));
    assertEquals("replica election store busy [op=read, cluster=c1]: the node is stopping", e.getMessage());
  }
}
