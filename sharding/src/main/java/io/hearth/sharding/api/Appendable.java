package io.hearth.sharding.api;

/** Something samples can be written to: a node's store, the cluster's router. Thread-safe. */
public interface Appendable {
  /** A new appender; each must end with {@link Appender#commit()} or {@link Appender#rollback()}. */
  Appender appender();
}
