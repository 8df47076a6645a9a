package io.hearth.sharding.exemplar;

import io.hearth.sharding.api.Appendable;
import io.hearth.sharding.api.Appender;
import io.hearth.sharding.api.Exemplar;
import io.hearth.sharding.api.ExemplarStatus;
import io.hearth.sharding.api.ForwardingAppender;
import io.hearth.sharding.api.Labels;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link Appendable} whose appenders also take exemplars: samples go to the wrapped storage as
 * before, exemplars are checked ({@link ExemplarStore#check}) and staged, and added to the store in
 * arrival order once the samples' commit returned (in a cluster, to the store of their series'
 * owner through an {@link ExemplarRouter}). A rollback, or a commit that fails, drops them.
 * As Prometheus, exemplars that the store refuses at commit (out of order) are dropped silently;
 * the samples of the request are not affected.
 *
 * <p>Samples without exemplars pay one delegating call: nothing is allocated until the first
 * exemplar of an appender. Thread-safe; each appender is for one thread, as any appender.
 */
public final class ExemplarAppendable implements Appendable {
  private final Appendable storage;
  private final ExemplarStore store;
  private final ExemplarRouter router;

  public ExemplarAppendable(Appendable storage, ExemplarStore store) {
    this(storage, store, null);
  }

  /**
   * @param router where committed exemplars go in a cluster (their series' owner); null to keep
   *     them in {@code store}, which checks them either way
   */
  public ExemplarAppendable(Appendable storage, ExemplarStore store, ExemplarRouter router) {
    this.storage = storage;
    this.store = store;
    this.router = router;
  }

  @Override
  public Appender appender() {
    return new StagingAppender(storage.appender(), store, router);
  }

  /** Forwards everything but exemplars, which it checks, stages, and adds to the store after the samples' commit. */
  private static final class StagingAppender extends ForwardingAppender {
    private final ExemplarStore store;
    private final ExemplarRouter router;
    /** Series and exemplar, alternating; null until the first exemplar. */
    private ArrayList<Object> staged;

    StagingAppender(Appender samples, ExemplarStore store, ExemplarRouter router) {
      super(samples);
      this.store = store;
      this.router = router;
    }

    @Override
    public ExemplarStatus appendExemplar(int seriesRef, Labels series, Exemplar e) {
      ExemplarStatus s = store.check(e);
      if (s != ExemplarStatus.OK) return s;
      if (staged == null) staged = new ArrayList<>();
      staged.add(series);
      staged.add(e);
      return s;
    }

    @Override
    public void commit() {
      delegate.commit();
      if (staged == null) return;
      if (router == null) {
        for (int i = 0; i < staged.size(); i += 2) store.add((Labels) staged.get(i), (Exemplar) staged.get(i + 1));
      } else {
        List<Labels> series = new ArrayList<>(staged.size() / 2);
        List<Exemplar> exemplars = new ArrayList<>(staged.size() / 2);
        for (int i = 0; i < staged.size(); i += 2) {
          series.add((Labels) staged.get(i));
          exemplars.add((Exemplar) staged.get(i + 1));
        }
        router.add(series, exemplars);
      }
      staged = null;
    }

    @Override
    public void rollback() {
      staged = null;
      delegate.rollback();
    }
  }
}
