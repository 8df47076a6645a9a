package io.hearth.sharding.ha;

import io.hearth.sharding.api.ReplicaElection;
import io.hearth.sharding.api.ReplicaElections;
import io.hearth.sharding.api.StorageException;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link ReplicaElections} store whose every call answers within a deadline, so that a write
 * request of an HA pair never hangs on the election: each call runs on one of at most {@link
 * #MAX_CALLS} threads and the caller waits for it at most the deadline. Whatever keeps the wrapped
 * store from answering becomes {@link StorageException.Unavailable} (the write path answers 503 and
 * the sender retries): a call past its deadline (then interrupted), a call while {@link #MAX_CALLS}
 * earlier ones still hang, and any exception the store throws, with the store's message kept.
 *
 * <p>The tracker goes to the store a few times a minute per HA cluster, not per request, so the
 * hand-over to another thread costs nothing that matters. Thread-safe; {@link #close()} stops the
 * threads (calls after it are unavailable).
 */
public final class DeadlineReplicaElections implements ReplicaElections, AutoCloseable {
  /** Calls that may wait on the store at once; more are refused at once instead of queueing. */
  public static final int MAX_CALLS = 4;

  private final ReplicaElections store;
  private final long deadlineMs;
  private final ThreadPoolExecutor calls;

  public DeadlineReplicaElections(ReplicaElections store, long deadlineMs) {
    if (deadlineMs <= 0) throw new IllegalArgumentException("replica election deadline must be positive, got " + deadlineMs + " ms");
    this.store = store;
    this.deadlineMs = deadlineMs;
    this.calls = new ThreadPoolExecutor(0, MAX_CALLS, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
      Thread t = new Thread(r, "hearth-ha-election");
      t.setDaemon(true);
      return t;
    });
  }

  public long deadlineMs() {
    return deadlineMs;
  }

  @Override
  public ReplicaElection get(String cluster) {
    return call("read", cluster, () -> store.get(cluster));
  }

  @Override
  public ReplicaElection putIfAbsent(String cluster, ReplicaElection election) {
    return call("create", cluster, () -> store.putIfAbsent(cluster, election));
  }

  @Override
  public boolean replace(String cluster, ReplicaElection expected, ReplicaElection next) {
    return call("update", cluster, () -> store.replace(cluster, expected, next));
  }

  @Override
  public Map<String, ReplicaElection> all() {
    return call("list", "*", store::all);
  }

  private <T> T call(String op, String cluster, Callable<T> c) {
    Future<T> f;
    try {
      f = calls.submit(c);
    } catch (RejectedExecutionException e) {
      throw new StorageException.Unavailable("replica election store busy [op=" + op + ", cluster=" + cluster + "]: "
          + (calls.isShutdown() ? "the node is stopping" : MAX_CALLS + " earlier calls still wait on it"));
    }
    try {
      return f.get(deadlineMs, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new StorageException.Unavailable("replica election store did not answer within " + deadlineMs + " ms [op=" + op
          + ", cluster=" + cluster + "]");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof StorageException.Unavailable u) throw u;
      throw new StorageException.Unavailable("replica election store failed [op=" + op + ", cluster=" + cluster + "]: " + cause, cause);
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new StorageException.Unavailable("interrupted waiting for the replica election store [op=" + op + ", cluster=" + cluster + "]");
    }
  }

  @Override
  public void close() {
    calls.shutdownNow();
  }
}
