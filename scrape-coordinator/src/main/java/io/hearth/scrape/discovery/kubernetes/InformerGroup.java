package io.hearth.scrape.discovery.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * fabric8 informers (list, then watch) started, retried and stopped as one unit on one thread of
 * their own: the machinery {@link KubernetesDiscoverer} and the operator's {@code MonitorWatcher}
 * share, so that each of them is only what it builds from the caches.
 *
 * <p>Lifecycle. {@link #start} runs the owner's round on the group's thread: the round registers
 * informers ({@link #register}), starts them ({@link #startAll}) and returns a future that
 * completes, once they have synced, with the action to run then. If the round throws or its future
 * fails, every registered informer is stopped and forgotten, a warning naming the group and the
 * error is logged, and the round runs again after the retry delay, until it succeeds or the group
 * is closed. When it succeeds the group becomes {@link #synced()} and runs the round's action on its
 * thread. From then on every add, update or delete event of a registered informer, and every call of
 * {@link #changed()}, schedules the group's change action on its thread; changes that arrive while
 * one is pending coalesce into it. {@link #close} stops the informers, runs the owner's last action
 * on the group's thread (waiting at most 5 s), and ends the thread; nothing runs after it.
 *
 * <p>Thread-safety: {@link #start}, {@link #changed}, {@link #every}, {@link #close} and the
 * queries may be called from any thread; {@link #register}, {@link #startAll} and {@link #stop}
 * only on the group's thread (inside a round or an action), which is where the informer list is
 * touched.
 */
public final class InformerGroup implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(InformerGroup.class.getName());

  private final String what;
  private final long retryDelayMs;
  private final Runnable onChange;
  private final ScheduledExecutorService exec;
  private final AtomicBoolean dirty = new AtomicBoolean();
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private volatile boolean synced;
  private volatile boolean closed;

  /**
   * @param threadName the name of the group's (daemon) thread
   * @param what how log lines name the owner, e.g. {@code monitor watcher}
   * @param retryDelayMs the wait before a failed round runs again
   * @param onChange what runs on the group's thread after changes, once synced
   */
  public InformerGroup(String threadName, String what, long retryDelayMs, Runnable onChange) {
    this.what = what;
    this.retryDelayMs = retryDelayMs;
    this.onChange = onChange;
    this.exec = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Runs {@code round} on the group's thread, again after each failure; returns at once. The round's
   * future completes with the action to run once synced.
   */
  public void start(Supplier<CompletableFuture<Runnable>> round) {
    exec.execute(() -> runRound(round));
  }

  private void runRound(Supplier<CompletableFuture<Runnable>> round) {
    if (closed) return;
    try {
      round.get().whenComplete((onSynced, err) -> onThread(() -> {
        if (err != null) {
          retry(round, err);
        } else if (!closed) {
          synced = true;
          onSynced.run();
        }
      }));
    } catch (RuntimeException e) {
      retry(round, e);
    }
  }

  private void retry(Supplier<CompletableFuture<Runnable>> round, Throwable err) {
    if (closed) return;
    LOG.log(Level.WARNING, what + " failed to sync, retrying in " + retryDelayMs + " ms: " + err.getMessage());
    stopAll();
    try {
      exec.schedule(() -> runRound(round), retryDelayMs, TimeUnit.MILLISECONDS);
    } catch (RuntimeException shuttingDown) {
      // closed meanwhile
    }
  }

  /** Adds {@code inf} (not started) to the group: its events count as changes, and it is stopped with the group. */
  public <T extends HasMetadata> SharedIndexInformer<T> register(SharedIndexInformer<T> inf) {
    inf.addEventHandler(new ResourceEventHandler<T>() {
      @Override
      public void onAdd(T obj) {
        changed();
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        changed();
      }

      @Override
      public void onDelete(T obj, boolean finalStateUnknown) {
        changed();
      }
    });
    informers.add(inf);
    return inf;
  }

  /** Starts every registered informer; completes when all have synced, or fails with the first error. */
  public CompletableFuture<Void> startAll() {
    List<CompletableFuture<Void>> starts = new ArrayList<>();
    for (SharedIndexInformer<?> inf : informers) starts.add(inf.start().toCompletableFuture());
    return CompletableFuture.allOf(starts.toArray(new CompletableFuture[0]));
  }

  /** Stops {@code inf} and removes it from the group (an optional informer that failed to start). */
  public void stop(SharedIndexInformer<?> inf) {
    stopQuietly(inf);
    informers.remove(inf);
  }

  /** Schedules the change action, once synced; a no-op while one is pending or after close. */
  public void changed() {
    if (!synced || closed) return;
    if (dirty.compareAndSet(false, true)) {
      onThread(() -> {
        dirty.set(false);
        if (!closed) onChange.run();
      });
    }
  }

  /** Runs {@code action} on the group's thread every {@code period} (none when not positive) until close. */
  public void every(Duration period, Runnable action) {
    long ms = period.toMillis();
    if (ms > 0) exec.scheduleWithFixedDelay(action, ms, ms, TimeUnit.MILLISECONDS);
  }

  /** Whether a round has synced. */
  public boolean synced() {
    return synced;
  }

  /** Whether {@link #close} was called. */
  public boolean closed() {
    return closed;
  }

  private void onThread(Runnable r) {
    try {
      exec.execute(r);
    } catch (RuntimeException shuttingDown) {
      // closed meanwhile
    }
  }

  private void stopAll() {
    for (SharedIndexInformer<?> inf : informers) stopQuietly(inf);
    informers.clear();
  }

  private static void stopQuietly(SharedIndexInformer<?> inf) {
    try {
      inf.stop();
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "stopping informer failed", e);
    }
  }

  @Override
  public void close() {
    close(() -> { });
  }

  /** Closes the group; {@code last} runs on its thread after the informers stopped (e.g. closing an owned client). */
  public void close(Runnable last) {
    closed = true;
    CompletableFuture<Void> done = new CompletableFuture<>();
    try {
      exec.execute(() -> {
        stopAll();
        last.run();
        done.complete(null);
      });
      done.get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.log(Level.FINE, "closing " + what + " timed out", e);
    }
    exec.shutdownNow();
    try {
      exec.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
