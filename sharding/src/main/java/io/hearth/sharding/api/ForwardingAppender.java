package io.hearth.sharding.api;

/**
 * An {@link Appender} that hands every call to another one: the base of every appender that wraps
 * another to add one thing (keeping exemplars, filtering series). A wrapper overrides only what it
 * adds; every other method, default methods included, reaches the wrapped appender unchanged, so a
 * method added to {@link Appender} cannot be answered by its default in a wrapper by mistake
 * ({@code ForwardingAppenderTest} checks that each method of the interface is forwarded).
 *
 * <p>Lifecycle and thread-safety are the wrapped appender's: the wrapper ends it with exactly one
 * {@link #commit()} or {@link #rollback()}, on one thread.
 */
public abstract class ForwardingAppender implements Appender {
  protected final Appender delegate;

  protected ForwardingAppender(Appender delegate) {
    this.delegate = delegate;
  }

  @Override
  public int series(Labels labels) {
    return delegate.series(labels);
  }

  @Override
  public AppendStatus append(int seriesRef, long t, double v) {
    return delegate.append(seriesRef, t, v);
  }

  @Override
  public AppendStatus appendHistogram(int seriesRef, long t, FloatHistogram h) {
    return delegate.appendHistogram(seriesRef, t, h);
  }

  @Override
  public ExemplarStatus appendExemplar(int seriesRef, Labels series, Exemplar e) {
    return delegate.appendExemplar(seriesRef, series, e);
  }

  @Override
  public AppendStatus appendCreatedZero(int seriesRef, long ct, long t, FloatHistogram first) {
    // never the default: the wrapped appender decides, silently (and in a cluster at the owner)
    return delegate.appendCreatedZero(seriesRef, ct, t, first);
  }

  @Override
  public void commit() {
    delegate.commit();
  }

  @Override
  public void rollback() {
    delegate.rollback();
  }

  @Override
  public boolean checksAtCommit() {
    return delegate.checksAtCommit();
  }

  @Override
  public CommitReport commitReport() {
    return delegate.commitReport();
  }
}
